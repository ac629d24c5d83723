#include "bench_options.hpp"

#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace surrealcaf::bench {

namespace {

[[noreturn]] void usage(const char* problem) {
  std::fprintf(stderr,
               "%s\nusage: surrealcaf_bench_client --client actor|async|blocking|raw|pool\n"
               "         --workload ping|query|select|create --concurrency seq|64x1|64x64\n"
               "         --url ws://... [--server LABEL] [--user U --pass P] [--ns NS --db DB]\n"
               "         [--warmup S] [--seconds S] [--warmup-count N] [--count N]\n"
               "         [--sample-rss] [--log off|debug|info|warning]\n"
               "         [--connections-per-endpoint N] (pool: --url ws://a,ws://b)\n"
               "         | --prepare --url ... --user U --pass P --ns NS --db DB\n",
               problem);
  std::exit(2);
}

workload parse_workload(const std::string& x) {
  if (x == "ping")
    return workload::ping;
  if (x == "query")
    return workload::query;
  if (x == "select")
    return workload::select;
  if (x == "create")
    return workload::create;
  usage(("unknown workload: " + x).c_str());
}

} // namespace

const char* to_string(workload x) {
  switch (x) {
    case workload::ping:
      return "ping";
    case workload::query:
      return "query";
    case workload::select:
      return "select";
    case workload::create:
      return "create";
  }
  return "?";
}

options parse_options(int argc, char** argv) {
  options opts;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    auto next = [&]() -> std::string {
      if (i + 1 >= argc)
        usage(("missing value after " + arg).c_str());
      return argv[++i];
    };
    if (arg == "--client")
      opts.client = next();
    else if (arg == "--workload")
      opts.load = parse_workload(next());
    else if (arg == "--concurrency")
      opts.concurrency = next();
    else if (arg == "--url")
      opts.url = next();
    else if (arg == "--server")
      opts.server = next();
    else if (arg == "--user")
      opts.user = next();
    else if (arg == "--pass")
      opts.pass = next();
    else if (arg == "--ns")
      opts.ns = next();
    else if (arg == "--db")
      opts.db = next();
    else if (arg == "--warmup")
      opts.warmup_seconds = std::atof(next().c_str());
    else if (arg == "--seconds")
      opts.seconds = std::atof(next().c_str());
    else if (arg == "--warmup-count")
      opts.warmup_count = std::strtoull(next().c_str(), nullptr, 10);
    else if (arg == "--count")
      opts.count = std::strtoull(next().c_str(), nullptr, 10);
    else if (arg == "--sample-rss")
      opts.sample_rss = true;
    else if (arg == "--prepare")
      opts.prepare = true;
    else if (arg == "--log")
      opts.log = next();
    else if (arg == "--connections-per-endpoint")
      opts.connections_per_endpoint = std::strtoull(next().c_str(), nullptr, 10);
    else
      usage(("unknown argument: " + arg).c_str());
  }
  if (opts.url.empty())
    usage("--url is required");
  if (opts.client != "actor" && opts.client != "async" && opts.client != "blocking"
      && opts.client != "raw" && opts.client != "pool")
    usage(("unknown client: " + opts.client).c_str());
  if (opts.log != "off" && opts.log != "debug" && opts.log != "info" && opts.log != "warning")
    usage(("unknown log level: " + opts.log).c_str());
  if (opts.concurrency != "seq" && opts.concurrency != "64x1" && opts.concurrency != "64x64")
    usage(("unknown concurrency: " + opts.concurrency).c_str());
  if (opts.connections_per_endpoint == 0)
    usage("--connections-per-endpoint must be at least 1");
  return opts;
}

} // namespace surrealcaf::bench
