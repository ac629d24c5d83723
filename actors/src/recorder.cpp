#include "surrealcaf/recorder.hpp"

#include <utility>

#include "caf/actor.hpp"
#include "caf/actor_cast.hpp"
#include "caf/actor_system.hpp"
#include "caf/event_based_actor.hpp"
#include "caf/send.hpp"

#include "surrealcaf/errc.hpp"

namespace surrealcaf::testing {

namespace {

// What a relay shares with the transport wrapper: once `cut`, the wrapper
// is gone and nothing more may reach the connection.
struct relay_link {
  std::mutex mtx;
  bool cut = false;
  caf::weak_actor_ptr owner;
  std::shared_ptr<recorder> rec;
};

// Records what the real transport reports, then passes it on, under the
// link's lock so that the wrapper's destructor waits for a report on its way.
template <class Record, class... Ts>
void relay_report(relay_link& link, Record&& record, Ts&&... xs) {
  std::lock_guard<std::mutex> guard{link.mtx};
  if (link.cut)
    return;
  record();
  if (auto owner = link.owner.lock())
    caf::anon_send(caf::actor_cast<caf::actor>(owner), std::forward<Ts>(xs)...);
}

caf::behavior relay(caf::event_based_actor*, std::shared_ptr<relay_link> link) {
  return {
    [link](open_atom atm, std::string& subprotocol) {
      relay_report(
        *link, [&] { link->rec->server_open(subprotocol); }, atm, std::move(subprotocol));
    },
    [link](frame_atom atm, std::vector<uint8_t>& frame) {
      relay_report(
        *link, [&] { link->rec->server_frame(frame); }, atm, std::move(frame));
    },
    [link](closed_atom atm, caf::error& err) {
      relay_report(
        *link, [&] { link->rec->server_closed(err); }, atm, std::move(err));
    },
  };
}

class taping_transport : public transport {
public:
  taping_transport(std::shared_ptr<recorder> rec, std::shared_ptr<relay_link> link,
                   caf::actor relay, std::unique_ptr<transport> inner)
    : rec_(std::move(rec)),
      link_(std::move(link)),
      relay_(std::move(relay)),
      inner_(std::move(inner)) {
  }

  ~taping_transport() override {
    // The real transport first: once it is gone it reports nothing more;
    // then the relay drops what it still holds.
    inner_.reset();
    {
      std::lock_guard<std::mutex> guard{link_->mtx};
      link_->cut = true;
    }
    caf::anon_send_exit(relay_, caf::exit_reason::user_shutdown);
  }

  void send(std::vector<uint8_t> frame) override {
    rec_->client_frame(frame);
    inner_->send(std::move(frame));
  }

  void close() override {
    rec_->client_close();
    inner_->close();
  }

private:
  std::shared_ptr<recorder> rec_;
  std::shared_ptr<relay_link> link_;
  caf::actor relay_;
  std::unique_ptr<transport> inner_;
};

} // namespace

recorder::recorder(std::string path, record_options opts)
  : path_(std::move(path)), opts_(std::move(opts)) {
}

caf::expected<std::shared_ptr<recorder>> recorder::create(const std::string& path,
                                                          record_options opts) {
  auto result = std::make_shared<recorder>(path, std::move(opts));
  result->out_.open(path, std::ios::binary | std::ios::trunc);
  if (!result->out_)
    return make_error(errc::invalid_argument, "recording " + path + ": cannot be written");
  result->out_ << recording_header_line(result->opts_.notes) << '\n';
  result->out_.flush();
  if (!result->out_)
    return make_error(errc::invalid_argument, "recording " + path + ": cannot be written");
  return result;
}

transport_factory recorder::wrap(transport_factory inner) {
  return [rec = shared_from_this(),
          inner = std::move(inner)](caf::actor owner) -> std::unique_ptr<transport> {
    if (!rec->begin_socket())
      return inner(std::move(owner));
    auto link = std::make_shared<relay_link>();
    link->owner = caf::actor_cast<caf::weak_actor_ptr>(owner);
    link->rec = rec;
    auto hop = owner.home_system().spawn(relay, link);
    auto real = inner(hop);
    if (!real) {
      caf::anon_send_exit(hop, caf::exit_reason::user_shutdown);
      return nullptr;
    }
    return std::make_unique<taping_transport>(rec, std::move(link), std::move(hop),
                                              std::move(real));
  };
}

caf::error recorder::error() const {
  std::lock_guard<std::mutex> guard{mtx_};
  return error_;
}

size_t recorder::events() const {
  std::lock_guard<std::mutex> guard{mtx_};
  return events_;
}

int64_t recorder::t_ms() const {
  if (!opened_)
    return 0;
  auto d = std::chrono::steady_clock::now() - *opened_;
  return std::chrono::duration_cast<std::chrono::milliseconds>(d).count();
}

void recorder::write(recorded_event x) {
  out_ << recording_event_line(x, ++events_, opts_.subprotocol) << '\n';
  out_.flush();
  if (!out_ && !error_)
    error_ = make_error(errc::invalid_argument, "recording " + path_ + ": write failed");
}

bool recorder::begin_socket() {
  std::lock_guard<std::mutex> guard{mtx_};
  if (sockets_++ == 0)
    return true;
  if (!cut_) {
    cut_ = true;
    out_ << recording_cut_line("the connection opened a second socket (a reconnect attempt); "
                               "a recording holds one socket")
         << '\n';
    out_.flush();
  }
  return false;
}

void recorder::client_frame(const bytes& frame) {
  std::lock_guard<std::mutex> guard{mtx_};
  if (cut_ || closing_)
    return;
  auto decoded = decode_recorded_frame(frame, opts_.subprotocol);
  if (!decoded) {
    // The connection writes only frames it encoded; a stranger cannot be
    // checked for secrets, so it is not written.
    if (!error_)
      error_ = make_error(errc::invalid_argument, "recording " + path_
                                                    + ": the client wrote a frame that does "
                                                      "not decode");
    return;
  }
  recorded_event x;
  x.side = recorded_side::client;
  x.kind = recorded_kind::frame;
  x.t_ms = t_ms();
  x.frame = redact_.client_frame(std::move(*decoded));
  write(std::move(x));
}

void recorder::client_close() {
  std::lock_guard<std::mutex> guard{mtx_};
  if (cut_ || closing_)
    return;
  closing_ = true;
  recorded_event x;
  x.side = recorded_side::client;
  x.kind = recorded_kind::close;
  x.t_ms = t_ms();
  write(std::move(x));
}

void recorder::server_open(const std::string& subprotocol) {
  std::lock_guard<std::mutex> guard{mtx_};
  if (cut_ || closing_)
    return;
  opened_ = std::chrono::steady_clock::now();
  recorded_event x;
  x.side = recorded_side::server;
  x.kind = recorded_kind::open;
  x.subprotocol = subprotocol;
  write(std::move(x));
}

void recorder::server_frame(const bytes& frame) {
  std::lock_guard<std::mutex> guard{mtx_};
  if (cut_ || closing_)
    return;
  recorded_event x;
  x.side = recorded_side::server;
  x.kind = recorded_kind::frame;
  x.t_ms = t_ms();
  if (auto decoded = decode_recorded_frame(frame, opts_.subprotocol)) {
    x.frame = redact_.server_frame(std::move(*decoded));
  } else {
    auto text = redact_.text(std::string(frame.begin(), frame.end()));
    x.raw = bytes(text.begin(), text.end());
  }
  write(std::move(x));
}

void recorder::server_closed(const caf::error& err) {
  std::lock_guard<std::mutex> guard{mtx_};
  if (cut_ || closing_)
    return;
  recorded_event x;
  x.side = recorded_side::server;
  x.kind = recorded_kind::closed;
  x.t_ms = t_ms();
  if (err) {
    x.error = err.category() == errc_category ? static_cast<errc>(err.code())
                                              : errc::connection_closed;
    x.context = redact_.text(err.category() == errc_category ? context_text(err.context())
                                                             : describe(err));
  }
  write(std::move(x));
}

caf::expected<transport_factory> record_to(const std::string& path, transport_factory inner,
                                           record_options opts) {
  auto rec = recorder::create(path, std::move(opts));
  if (!rec)
    return std::move(rec.error());
  return (*rec)->wrap(std::move(inner));
}

} // namespace surrealcaf::testing
