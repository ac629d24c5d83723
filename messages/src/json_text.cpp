#include "surrealcaf/detail/json_text.hpp"

#include <limits>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "surrealcaf/detail/json_decode.hpp"
#include "surrealcaf/errc.hpp"

namespace surrealcaf::detail {

namespace {

// Builds the value as nlohmann reports tokens. `open_` holds the containers
// being filled, innermost last; each points into its parent, which does not
// change while the child is open, so the pointers stay valid.
class value_builder : public nlohmann::json_sax<nlohmann::json> {
public:
  explicit value_builder(size_t max_depth) : max_depth_(max_depth) {
    // nop
  }

  value result;
  std::optional<int64_t> id;
  std::string failure;

  bool null() override {
    return put(surrealcaf::null);
  }

  bool boolean(bool x) override {
    return put(x);
  }

  bool number_integer(number_integer_t x) override {
    if (at_top_id())
      id = x;
    return put(static_cast<int64_t>(x));
  }

  bool number_unsigned(number_unsigned_t x) override {
    auto v = unsigned_value(x);
    if (auto n = v.get_if<int64_t>(); n && at_top_id())
      id = *n;
    return put(std::move(v));
  }

  bool number_float(number_float_t x, const string_t&) override {
    return put(x);
  }

  bool string(string_t& x) override {
    return put(std::move(x));
  }

  bool binary(binary_t& x) override {
    return put(bytes{x.begin(), x.end()});
  }

  bool start_object(std::size_t) override {
    return open(value::object{});
  }

  bool key(string_t& x) override {
    top_key_is_id_ = depth_ == 1 && x == "id";
    // A repeated key keeps its last value, so a repeated id does too.
    if (top_key_is_id_)
      id.reset();
    if (depth_ <= max_depth_)
      key_ = std::move(x);
    return true;
  }

  bool end_object() override {
    return close();
  }

  bool start_array(std::size_t) override {
    return open(value::array{});
  }

  bool end_array() override {
    return close();
  }

  bool parse_error(std::size_t position, const std::string&,
                   const nlohmann::detail::exception&) override {
    // nlohmann's message quotes the last token read, which may be user
    // data: the offset alone says where.
    failure = "invalid JSON at byte " + std::to_string(position);
    return false;
  }

private:
  bool at_top_id() const {
    return top_key_is_id_ && depth_ == 1;
  }

  // Adds a complete scalar or a new container where the parser is.
  value* place(value x) {
    top_key_is_id_ = false;
    if (open_.empty()) {
      result = std::move(x);
      return &result;
    }
    auto& parent = open_.back()->data();
    if (auto items = std::get_if<value::array>(&parent)) {
      items->push_back(std::move(x));
      return &items->back();
    }
    // A repeated key keeps the last value, as nlohmann's own parser does.
    auto& slot = std::get<value::object>(parent)[std::move(key_)];
    slot = std::move(x);
    return &slot;
  }

  bool put(value x) {
    if (depth_ > max_depth_)
      top_key_is_id_ = false;
    else
      place(std::move(x));
    return true;
  }

  bool open(value container) {
    if (++depth_ > max_depth_) {
      // Past the limit nothing is built; parsing goes on only to find the
      // top-level id (nlohmann keeps its own nesting on the heap).
      if (failure.empty())
        failure = "too_deep: more than " + std::to_string(max_depth_) + " levels";
      top_key_is_id_ = false;
      return true;
    }
    open_.push_back(place(std::move(container)));
    return true;
  }

  bool close() {
    if (depth_-- <= max_depth_)
      open_.pop_back();
    return true;
  }

  size_t max_depth_;
  size_t depth_ = 0;
  std::vector<value*> open_;
  std::string key_;
  bool top_key_is_id_ = false;
};

} // namespace

json_text parse_json_text(const uint8_t* data, size_t size, size_t max_depth) {
  value_builder builder{max_depth};
  nlohmann::json::sax_parse(data, data + size, &builder);
  if (!builder.failure.empty())
    return {make_error(errc::decode_error, std::move(builder.failure)), builder.id};
  return {std::move(builder.result), builder.id};
}

} // namespace surrealcaf::detail
