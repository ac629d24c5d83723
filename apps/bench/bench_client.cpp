// surrealcaf_bench_client: runs one cell of the bench matrix (one client,
// workload, concurrency and server) and prints one JSON line:
//   {client, workload, concurrency, server, requests, seconds, req_per_s,
//    p50_us, p99_us, cpu_us_per_req, peak_rss_kib, errors, ...}
// One process per cell, so getrusage(RUSAGE_SELF) and ru_maxrss measure this
// client alone. A short warm-up phase runs first and is not counted.
// scripts/bench (apps/bench/bench.mjs) runs the matrix; see
// docs/performance.md. `--prepare` instead stores the record the `select`
// workload reads.
#include "bench_options.hpp"
#include "load_client.hpp"
#include "process_usage.hpp"

#include "surrealcaf/blocking.hpp"

#include <atomic>
#include <condition_variable>
#include <cstdio>
#include <iostream>
#include <mutex>
#include <sstream>
#include <thread>

using namespace surrealcaf;
using namespace surrealcaf::bench;

namespace {

std::unique_ptr<load_client> make_client(const options& opts) {
  if (opts.client == "raw")
    return make_raw_client(opts);
  if (opts.client == "async" || opts.client == "pool")
    return make_async_client(opts);
  if (opts.client == "blocking")
    return make_blocking_client(opts);
  return make_actor_client(opts);
}

void prepare(const options& opts) {
  auto conn = blocking_connection::connect(opts.url);
  auto db = conn.default_session();
  if (!opts.user.empty())
    db.signin(root_credentials{opts.user, opts.pass});
  db.use(opts.ns, opts.db);
  db.upsert(record_id{"bench", "one"}, value::object{{"v", 1}});
  std::printf("{\"prepared\":true}\n");
}

// JSON string contents: quotes, backslashes and control characters escaped.
std::string json_escape(const std::string& x) {
  std::string out;
  for (char c : x) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (static_cast<unsigned char>(c) < 0x20) {
      out += ' ';
    } else {
      out += c;
    }
  }
  return out;
}

// Samples VmRSS once a second until stopped (the soak run).
class rss_sampler {
public:
  rss_sampler() : thread_([this] { loop(); }) {}
  ~rss_sampler() { stop(); }

  std::vector<long> stop() {
    {
      std::lock_guard<std::mutex> guard{mtx_};
      stopping_ = true;
    }
    cv_.notify_all();
    if (thread_.joinable())
      thread_.join();
    return samples_;
  }

private:
  void loop() {
    std::unique_lock<std::mutex> guard{mtx_};
    for (;;) {
      samples_.push_back(current_rss_kib());
      if (cv_.wait_for(guard, std::chrono::seconds{1}, [this] { return stopping_; }))
        return;
    }
  }

  std::mutex mtx_;
  std::condition_variable cv_;
  bool stopping_ = false;
  std::vector<long> samples_;
  std::thread thread_;
};

} // namespace

int main(int argc, char** argv) {
  auto opts = parse_options(argc, argv);
  try {
    if (opts.prepare) {
      prepare(opts);
      return 0;
    }
    auto client = make_client(opts);
    client->run({opts.warmup_seconds, opts.warmup_count});
    std::unique_ptr<rss_sampler> sampler;
    if (opts.sample_rss)
      sampler = std::make_unique<rss_sampler>();
    auto cpu_before = cpu_time_us();
    auto result = client->run({opts.seconds, opts.count});
    auto cpu_after = cpu_time_us();
    std::vector<long> rss_samples;
    if (sampler)
      rss_samples = sampler->stop();
    auto requests = result.latencies.count();
    auto per_req = [&](double x) { return requests ? x / static_cast<double>(requests) : 0.0; };
    std::ostringstream line;
    line.precision(6);
    line << "{\"client\":\"" << opts.client << "\",\"workload\":\"" << to_string(opts.load)
         << "\",\"concurrency\":\"" << opts.concurrency << "\",\"server\":\""
         << json_escape(opts.server) << "\",\"requests\":" << requests
         << ",\"seconds\":" << result.seconds << ",\"req_per_s\":"
         << (result.seconds > 0 ? static_cast<double>(requests) / result.seconds : 0.0)
         << ",\"p50_us\":" << result.latencies.percentile_us(0.50)
         << ",\"p99_us\":" << result.latencies.percentile_us(0.99)
         << ",\"cpu_us_per_req\":" << per_req(cpu_after - cpu_before)
         << ",\"peak_rss_kib\":" << peak_rss_kib() << ",\"errors\":" << result.errors;
    if (result.errors)
      line << ",\"first_error\":\"" << json_escape(result.first_error) << "\"";
    if (sampler) {
      line << ",\"rss_samples_kib\":[";
      for (size_t i = 0; i < rss_samples.size(); ++i)
        line << (i ? "," : "") << rss_samples[i];
      line << "]";
    }
    line << "}";
    std::cout << line.str() << std::endl;
    // The client's teardown (closing sessions and sockets) is not measured.
    client.reset();
  } catch (const std::exception& e) {
    std::cerr << "surrealcaf_bench_client: " << e.what() << std::endl;
    return 1;
  }
  return 0;
}
