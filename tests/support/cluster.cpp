#include "cluster.hpp"

#include <nlohmann/json.hpp>

#include <cstdlib>
#include <utility>

namespace surrealcaf::test {

namespace {

using nlohmann::json;

std::vector<std::string> split_urls(const std::string& text) {
  std::vector<std::string> urls;
  std::size_t from = 0;
  for (;;) {
    auto comma = text.find(',', from);
    auto url = text.substr(from, comma == std::string::npos ? std::string::npos : comma - from);
    if (!url.empty())
      urls.push_back(std::move(url));
    if (comma == std::string::npos)
      return urls;
    from = comma + 1;
  }
}

} // namespace

cluster::cluster(const std::string& control, std::vector<std::string> urls)
  : http_("cluster", control), urls_(std::move(urls)) {
}

std::optional<cluster> cluster::from_env() {
  const char* control = std::getenv("SURREALCAF_CLUSTER");
  const char* urls = std::getenv("SURREALCAF_CLUSTER_URLS");
  if (control == nullptr || urls == nullptr)
    return std::nullopt;
  return cluster{control, split_urls(urls)};
}

std::string cluster::node_path(std::size_t i, const char* tail) const {
  return "/nodes/" + std::to_string(i) + tail;
}

int cluster::stop(std::size_t i) {
  const auto path = node_path(i, "/stop");
  const auto body = http_.request("POST", path);
  try {
    return json::parse(body).at("closed").get<int>();
  } catch (const json::exception& e) {
    http_.fail("POST " + path, std::string{"unexpected answer ("} + e.what() + "): " + body);
  }
}

void cluster::start(std::size_t i) {
  http_.request("POST", node_path(i, "/start"));
}

void cluster::start_all() {
  auto all = nodes();
  for (std::size_t i = 0; i < all.size(); ++i)
    if (!all[i].running)
      start(i);
}

std::vector<cluster_node> cluster::nodes() {
  const auto body = http_.request("GET", "/nodes");
  try {
    std::vector<cluster_node> result;
    for (const auto& entry : json::parse(body)) {
      cluster_node node;
      node.url = entry.at("url").get<std::string>();
      node.running = entry.at("state").get<std::string>() == "running";
      node.open = entry.at("open").get<int>();
      node.accepted = entry.at("accepted").get<int>();
      result.push_back(std::move(node));
    }
    return result;
  } catch (const json::exception& e) {
    http_.fail("GET /nodes", std::string{"unexpected answer ("} + e.what() + "): " + body);
  }
}

std::vector<logged_frame> cluster::frames(std::size_t i) {
  return http_.frame_log(node_path(i, "/log"));
}

void cluster::clear(std::size_t i) {
  http_.request("POST", node_path(i, "/log/clear"));
}

void cluster::clear_all() {
  for (std::size_t i = 0; i < urls_.size(); ++i)
    clear(i);
}

} // namespace surrealcaf::test
