// The test runner of the guide's examples (caf::test::main and ::main).
#include "caf/test/unit_test_impl.hpp"
