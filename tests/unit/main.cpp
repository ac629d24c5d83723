// The one translation unit of the test binary that holds CAF's test runner
// (caf::test::main and ::main). Suites live in their own files.
#include "caf/test/unit_test_impl.hpp"
