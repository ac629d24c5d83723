// The blocking face: one plain thread per call in flight (64 threads for the
// concurrent cells), each calling in a loop on its session.
#include "face_sessions.hpp"
#include "load_client.hpp"

#include "surrealcaf/blocking.hpp"

#include <thread>

namespace surrealcaf::bench {

namespace {

void call_once(blocking_session& s, workload w) {
  switch (w) {
    case workload::ping:
      s.ping();
      return;
    case workload::query:
      s.query("RETURN 1");
      return;
    case workload::select:
      s.select(record_id{"bench", "one"});
      return;
    case workload::create:
      s.create(table{"bench"}, value::object{{"v", 1}});
      return;
  }
}

class blocking_client : public load_client {
public:
  explicit blocking_client(const options& opts) : opts_(opts), faces_(open_face_sessions(opts)) {
    for (auto& s : faces_.sessions)
      sessions_.push_back(s.blocking());
  }

  ~blocking_client() override { faces_.conn.blocking().close(); }

  phase_result run(const phase_limits& limits) override {
    phase_gate gate{limits};
    std::vector<phase_result> shares(opts_.window());
    std::vector<std::thread> threads;
    auto start = clock_type::now();
    for (size_t t = 0; t < shares.size(); ++t)
      threads.emplace_back([&, t] {
        auto session = sessions_[t % sessions_.size()];
        auto& mine = shares[t];
        while (gate.take()) {
          auto started = clock_type::now();
          try {
            call_once(session, opts_.load);
            mine.ok(started, clock_type::now());
          } catch (const std::exception& e) {
            mine.failed(started, clock_type::now(), e.what());
          }
        }
      });
    for (auto& th : threads)
      th.join();
    phase_result out;
    out.seconds = std::chrono::duration<double>(clock_type::now() - start).count();
    for (auto& share : shares)
      out.merge(std::move(share));
    return out;
  }

private:
  options opts_;
  face_sessions faces_;
  std::vector<blocking_session> sessions_;
};

} // namespace

std::unique_ptr<load_client> make_blocking_client(const options& opts) {
  return std::make_unique<blocking_client>(opts);
}

} // namespace surrealcaf::bench
