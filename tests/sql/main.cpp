// The test runner of the shell's unit tests (caf::test::main and ::main).
#include "caf/test/unit_test_impl.hpp"
