// surrealcaf_cbor_bench: encode and decode throughput of surrealcaf's CBOR
// codec next to nlohmann's to_cbor/from_cbor on the same data.
//
// Usage: surrealcaf_cbor_bench [records] [repetitions]
// The payload is one array of `records` (default 1000) records with mixed
// kinds, as a query result would bring them. nlohmann gets the same tree
// with every tagged value turned into its untagged payload (a record id
// becomes ["person", 7], a datetime [secs, nanos], a uuid a 16-byte binary,
// NONE null), so both sides move the same structure. Each figure is the best
// of `repetitions` (default 7) timed runs of at least 0.5 s each.
#include "surrealcaf/cbor.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <random>
#include <string>
#include <vector>

using namespace surrealcaf;
using nlohmann::json;

namespace {

using clock_type = std::chrono::steady_clock;

struct payload {
  value ours;
  json theirs;
};

// One record in both forms, built from the same random draws.
void add_record(std::mt19937_64& rng, int i, payload& out) {
  static const char* const first_names[] = {"Tobie", "Jaime", "Alex", "Maria", "Kenji",
                                            "Ngozi", "Lena", "Omar"};
  static const char* const cities[] = {"London", "Lagos", "Osaka", "Lima", "Oslo", "Pune"};
  auto pick = [&](uint64_t n) { return std::uniform_int_distribution<uint64_t>{0, n - 1}(rng); };
  std::string name = std::string{first_names[pick(8)]} + " " + std::to_string(pick(100000));
  std::string email = "user" + std::to_string(i) + "@example.com";
  int64_t age = 18 + static_cast<int64_t>(pick(70));
  double score = static_cast<double>(pick(1000000)) / 997.0;
  bool active = pick(2) == 1;
  datetime created{1700000000 + static_cast<int64_t>(pick(100000000)),
                   static_cast<uint32_t>(pick(1000000000))};
  std::string balance = std::to_string(pick(1000000)) + "." + std::to_string(1000 + pick(9000));
  uuid token;
  for (auto& b : token)
    b = static_cast<uint8_t>(pick(256));
  std::string city = cities[pick(6)];
  std::string street = std::to_string(1 + pick(300)) + " High Street";
  double lon = static_cast<double>(pick(360000)) / 1000.0 - 180.0;
  double lat = static_cast<double>(pick(180000)) / 1000.0 - 90.0;
  std::string tag_a = "tag" + std::to_string(pick(50));
  std::string tag_b = "tag" + std::to_string(pick(50));
  uint64_t ttl = 60 * (1 + pick(1440));

  value::object address{{"street", street}, {"city", city}, {"geo", point{lon, lat}}};
  out.ours.get<value::array>().push_back(value::object{
    {"id", record_id{"person", i}},
    {"name", name},
    {"email", email},
    {"age", age},
    {"score", score},
    {"active", active},
    {"created", created},
    {"balance", decimal{balance}},
    {"token", token},
    {"address", address},
    {"tags", value::array{record_id{"tag", tag_a}, record_id{"tag", tag_b}, duration{ttl, 0}}},
    {"deleted_at", none},
    {"note", null},
  });

  json jaddress{{"street", street}, {"city", city}, {"geo", json::array({lon, lat})}};
  out.theirs.push_back(json{
    {"id", json::array({"person", i})},
    {"name", name},
    {"email", email},
    {"age", age},
    {"score", score},
    {"active", active},
    {"created", json::array({created.seconds, created.nanos})},
    {"balance", balance},
    {"token", json::binary(std::vector<uint8_t>(token.begin(), token.end()))},
    {"address", jaddress},
    {"tags", json::array({json::array({"tag", tag_a}), json::array({"tag", tag_b}),
                          json::array({ttl})})},
    {"deleted_at", nullptr},
    {"note", nullptr},
  });
}

payload make_payload(int records) {
  std::mt19937_64 rng{42};
  payload result{value::array{}, json::array()};
  for (int i = 0; i < records; ++i)
    add_record(rng, i, result);
  return result;
}

// Seconds per call of `fn`: the best of `repetitions` runs, each running
// enough calls to last at least 0.5 s.
double best_seconds_per_call(const std::function<void()>& fn, int repetitions) {
  // Calibrate the call count for one repetition.
  size_t calls = 1;
  for (;;) {
    auto start = clock_type::now();
    for (size_t i = 0; i < calls; ++i)
      fn();
    std::chrono::duration<double> took = clock_type::now() - start;
    if (took.count() >= 0.5)
      break;
    calls = took.count() < 0.05 ? calls * 10 : calls * 2;
  }
  double best = 1e300;
  for (int r = 0; r < repetitions; ++r) {
    auto start = clock_type::now();
    for (size_t i = 0; i < calls; ++i)
      fn();
    std::chrono::duration<double> took = clock_type::now() - start;
    best = std::min(best, took.count() / static_cast<double>(calls));
  }
  return best;
}

void row(const char* what, size_t bytes, double ours, double theirs, size_t their_bytes) {
  auto mbs = [](size_t n, double secs) { return static_cast<double>(n) / secs / 1e6; };
  std::printf("%-7s %12.1f %12.1f %14.1f %14.1f %8.2f\n", what, mbs(bytes, ours), ours * 1e6,
              mbs(their_bytes, theirs), theirs * 1e6, theirs / ours);
}

} // namespace

int main(int argc, char** argv) {
  int records = argc > 1 ? std::atoi(argv[1]) : 1000;
  int repetitions = argc > 2 ? std::atoi(argv[2]) : 7;
  if (records <= 0 || repetitions <= 0) {
    std::fprintf(stderr, "usage: surrealcaf_cbor_bench [records] [repetitions]\n");
    return 2;
  }
  auto data = make_payload(records);

  auto our_bytes = cbor::encode(data.ours);
  auto their_bytes = json::to_cbor(data.theirs);
  // Sanity: both round trip before anything is timed.
  auto back = cbor::decode(our_bytes);
  if (!back || !(*back == data.ours) || json::from_cbor(their_bytes) != data.theirs) {
    std::fprintf(stderr, "round trip failed\n");
    return 1;
  }

  // Each timed call hands back a size that lands in `sink`, so the optimiser
  // cannot drop the work.
  volatile size_t sink = 0;
  auto measure = [&](auto work) {
    return best_seconds_per_call([&] { sink = sink + work(); }, repetitions);
  };
  // Both encoders append to a reused buffer, as a connection's writer would.
  std::vector<uint8_t> buf;
  auto our_encode = measure([&] {
    buf.clear();
    cbor::encode(data.ours, buf);
    return buf.size();
  });
  auto their_encode = measure([&] {
    buf.clear();
    json::to_cbor(data.theirs, buf);
    return buf.size();
  });
  auto our_decode = measure([&] { return cbor::decode(our_bytes) ? size_t{1} : size_t{0}; });
  auto their_decode = measure([&] { return json::from_cbor(their_bytes).size(); });

  std::printf("%d records: surrealcaf %zu bytes (tagged), nlohmann %zu bytes (untagged)\n",
              records, our_bytes.size(), their_bytes.size());
  std::printf("best of %d runs of >= 0.5 s each\n\n", repetitions);
  std::printf("%-7s %12s %12s %14s %14s %8s\n", "", "ours MB/s", "ours us", "nlohmann MB/s",
              "nlohmann us", "speedup");
  row("encode", our_bytes.size(), our_encode, their_encode, their_bytes.size());
  row("decode", our_bytes.size(), our_decode, their_decode, their_bytes.size());
  std::printf("\nMB/s counts each codec's own bytes; us is the time for the whole payload;\n"
              "speedup = nlohmann time / our time for the same records (> 1: we are faster).\n");
  return 0;
}
