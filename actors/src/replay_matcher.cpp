#include "surrealcaf/detail/replay_matcher.hpp"

#include <utility>

#include <boost/uuid/uuid_io.hpp>

#include "surrealcaf/redactor.hpp"

namespace surrealcaf::detail {

namespace {

// Differences quote the frames; a frame can be megabytes.
std::string shown_text(const value& x) {
  auto text = to_string(x);
  constexpr size_t limit = 400;
  if (text.size() > limit) {
    auto n = limit;
    while (n > 0 && (static_cast<unsigned char>(text[n]) & 0xC0) == 0x80)
      --n;
    text.resize(n);
    text += "...";
  }
  return text;
}

// A UUID as a value or as its canonical text (what JSON frames carry).
std::optional<uuid> uuid_of(const value& x) {
  if (auto id = x.get_if<uuid>())
    return *id;
  auto text = x.get_if<std::string>();
  if (text == nullptr || text->size() != 36 || (*text)[8] != '-' || (*text)[13] != '-'
      || (*text)[18] != '-' || (*text)[23] != '-')
    return std::nullopt;
  return parse_uuid(*text);
}

// The part of `shown` at the same place as a child of `got`: `shown` has
// `got`'s shape except where a secret replaced a whole part, which then
// stands for everything below it.
const value& shown_child(const value& shown, const std::string& key) {
  if (auto obj = shown.get_if<value::object>())
    if (auto i = obj->find(key); i != obj->end())
      return i->second;
  return shown;
}

const value& shown_item(const value& shown, size_t i) {
  if (auto xs = shown.get_if<value::array>(); xs && i < xs->size())
    return (*xs)[i];
  if (auto s = shown.get_if<set>(); s && i < s->items.size())
    return s->items[i];
  return shown;
}

std::optional<replay_difference> differ(const std::string& path, const value& expected,
                                        const value& shown) {
  return replay_difference{path, shown_text(expected), shown_text(shown)};
}

std::string item_path(const std::string& path, size_t i) {
  return path + "[" + std::to_string(i) + "]";
}

std::string field_path(const std::string& path, const std::string& key) {
  return path.empty() ? key : path + "." + key;
}

} // namespace

std::optional<replay_difference> replay_matcher::match(const value& expected, const value& got,
                                                       const value& shown) {
  auto e = expected.get_if<value::object>();
  auto g = got.get_if<value::object>();
  if (e == nullptr || g == nullptr)
    return walk(expected, got, shown, "");
  auto eid = expected["id"].get_if<int64_t>();
  auto gid = got["id"].get_if<int64_t>();
  if (eid != nullptr && gid != nullptr) {
    auto known = ids_.find(*eid);
    auto taken = ids_back_.find(*gid);
    if ((known != ids_.end() && known->second != *gid)
        || (known == ids_.end() && taken != ids_back_.end()))
      return replay_difference{
        "id",
        std::to_string(*eid) + " (sent earlier as "
          + (known != ids_.end() ? std::to_string(known->second) : std::string{"nothing"}) + ")",
        std::to_string(*gid)};
    ids_.emplace(*eid, *gid);
    ids_back_.emplace(*gid, *eid);
    auto e2 = *e;
    auto g2 = *g;
    e2.erase("id");
    g2.erase("id");
    return walk(value{std::move(e2)}, value{std::move(g2)}, shown, "");
  }
  return walk(expected, got, shown, "");
}

std::optional<replay_difference> replay_matcher::walk(const value& expected, const value& got,
                                                      const value& shown, const std::string& path) {
  if (auto ph = expected.get_if<std::string>(); ph && testing::is_placeholder(*ph)) {
    auto i = bound_.find(*ph);
    if (i == bound_.end()) {
      bound_.emplace(*ph, got);
      return std::nullopt;
    }
    if (i->second == got)
      return std::nullopt;
    return replay_difference{path, *ph, "another value than the one " + *ph + " stood for"};
  }
  auto eu = uuid_of(expected);
  auto gu = uuid_of(got);
  if (eu && gu && expected.type() == got.type()) {
    auto known = uuids_.find(*eu);
    if (known != uuids_.end()) {
      if (known->second == *gu)
        return std::nullopt;
      return differ(path, expected, shown);
    }
    if (uuids_back_.count(*gu) != 0)
      return differ(path, expected, shown);
    uuids_.emplace(*eu, *gu);
    uuids_back_.emplace(*gu, *eu);
    return std::nullopt;
  }
  if (expected.type() != got.type())
    return differ(path, expected, shown);
  if (auto e = expected.get_if<value::object>()) {
    auto& g = got.get<value::object>();
    for (auto& [key, x] : *e)
      if (g.count(key) == 0)
        return replay_difference{field_path(path, key), shown_text(x), "nothing"};
    for (auto& [key, x] : g)
      if (e->count(key) == 0)
        return replay_difference{field_path(path, key), "nothing",
                                 shown_text(shown_child(shown, key))};
    for (auto& [key, x] : *e)
      if (auto d = walk(x, g.at(key), shown_child(shown, key), field_path(path, key)))
        return d;
    return std::nullopt;
  }
  auto items = [&](const std::vector<value>& e,
                   const std::vector<value>& g) -> std::optional<replay_difference> {
    for (size_t i = 0; i < e.size() && i < g.size(); ++i)
      if (auto d = walk(e[i], g[i], shown_item(shown, i), item_path(path, i)))
        return d;
    if (e.size() != g.size())
      return replay_difference{path, std::to_string(e.size()) + " items: " + shown_text(expected),
                               std::to_string(g.size()) + " items: " + shown_text(shown)};
    return std::nullopt;
  };
  if (auto e = expected.get_if<value::array>())
    return items(*e, got.get<value::array>());
  if (auto e = expected.get_if<set>())
    return items(e->items, got.get<set>().items);
  if (auto e = expected.get_if<record_id>()) {
    auto& g = got.get<record_id>();
    if (e->table != g.table)
      return differ(path, expected, shown);
    return walk(*e->key, *g.key, shown, path);
  }
  if (expected == got)
    return std::nullopt;
  return differ(path, expected, shown);
}

value replay_matcher::put_back(value x) const {
  if (auto text = x.get_if<std::string>(); text && testing::is_placeholder(*text)) {
    auto i = bound_.find(*text);
    return i == bound_.end() ? x : i->second;
  }
  if (auto id = uuid_of(x)) {
    auto i = uuids_.find(*id);
    if (i == uuids_.end())
      return x;
    if (x.is<uuid>())
      return value{i->second};
    return value{boost::uuids::to_string(i->second)};
  }
  if (auto xs = x.get_if<value::array>()) {
    for (auto& y : *xs)
      y = put_back(std::move(y));
  } else if (auto obj = x.get_if<value::object>()) {
    for (auto& [key, y] : *obj)
      y = put_back(std::move(y));
  } else if (auto s = x.get_if<set>()) {
    for (auto& y : s->items)
      y = put_back(std::move(y));
  } else if (auto id = x.get_if<record_id>()) {
    *id->key = put_back(std::move(*id->key));
  }
  return x;
}

value replay_matcher::translate(value recorded) const {
  auto result = put_back(std::move(recorded));
  if (auto obj = result.get_if<value::object>()) {
    if (auto id = obj->find("id"); id != obj->end())
      if (auto n = id->second.get_if<int64_t>())
        if (auto i = ids_.find(*n); i != ids_.end())
          id->second = i->second;
  }
  return result;
}

} // namespace surrealcaf::detail
