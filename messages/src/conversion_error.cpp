#include "surrealcaf/conversion_error.hpp"

#include <utility>

namespace surrealcaf {

namespace {

std::string render(const std::string& path, const std::string& reason) {
  if (path.empty())
    return reason;
  return "at " + path + ": " + reason;
}

} // namespace

conversion_error::conversion_error(std::string path, std::string reason)
  : std::runtime_error(render(path, reason)), path_(std::move(path)), reason_(std::move(reason)) {
  // nop
}

conversion_error conversion_error::nested(const std::string& segment) const {
  return conversion_error{segment + path_, reason_};
}

std::string path_segment(const std::string& key) {
  std::string result = "/";
  for (auto c : key) {
    if (c == '~')
      result += "~0";
    else if (c == '/')
      result += "~1";
    else
      result += c;
  }
  return result;
}

std::string path_segment(size_t index) {
  return "/" + std::to_string(index);
}

} // namespace surrealcaf
