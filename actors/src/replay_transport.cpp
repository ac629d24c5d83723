#include "surrealcaf/replay_transport.hpp"

#include <utility>

#include "caf/actor_cast.hpp"
#include "caf/send.hpp"

#include "surrealcaf/connect.hpp"
#include "surrealcaf/errc.hpp"
#include "surrealcaf/redactor.hpp"

namespace surrealcaf::testing {

namespace {

class replay_transport : public transport {
public:
  explicit replay_transport(std::shared_ptr<replay> state) : state_(std::move(state)) {
  }

  void send(std::vector<uint8_t> frame) override {
    state_->client_frame(frame);
  }

  void close() override {
    state_->client_close();
  }

private:
  std::shared_ptr<replay> state_;
};

std::string shortened(std::string text) {
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

} // namespace

replay::replay(recording rec) : rec_(std::move(rec)), subprotocol_(rec_.subprotocol()) {
}

template <class... Ts>
void replay::deliver(Ts&&... xs) {
  if (auto owner = owner_.lock())
    caf::anon_send(caf::actor_cast<caf::actor>(owner), std::forward<Ts>(xs)...);
}

std::string replay::describe_event(size_t index) const {
  auto& x = rec_.events[index];
  std::string text = "frame " + std::to_string(index + 1);
  if (x.line != 0)
    text += " (line " + std::to_string(x.line) + ", " + to_string(x.side) + ")";
  else
    text += std::string{" ("} + to_string(x.side) + ")";
  if (x.kind == recorded_kind::frame)
    text += x.raw ? std::string{" undecodable bytes"} : " " + shortened(to_string(x.frame));
  else
    text += std::string{" "} + to_string(x.kind);
  return text;
}

bool replay::attach(caf::actor owner) {
  if (attached_)
    return false;
  attached_ = true;
  owner_ = caf::actor_cast<caf::weak_actor_ptr>(owner);
  advance();
  return true;
}

void replay::advance() {
  while (!ended_ && next_ < rec_.events.size()
         && rec_.events[next_].side == recorded_side::server) {
    auto& x = rec_.events[next_++];
    switch (x.kind) {
      case recorded_kind::open:
        deliver(open_atom::value, x.subprotocol);
        break;
      case recorded_kind::frame:
        if (x.raw)
          deliver(frame_atom::value, *x.raw);
        else
          deliver(frame_atom::value,
                  encode_recorded_frame(matcher_.translate(x.frame), subprotocol_));
        break;
      default:
        // closed: nothing may follow it.
        ended_ = true;
        deliver(closed_atom::value, x.error ? make_error(*x.error, x.context) : caf::error{});
        break;
    }
  }
}

void replay::fail(std::string text) {
  mismatch_ = text;
  ended_ = true;
  deliver(closed_atom::value, make_error(errc::protocol_error, std::move(text)));
}

void replay::client_frame(const bytes& frame) {
  auto decoded = decode_recorded_frame(frame, subprotocol_);
  if (!decoded) {
    sent_.emplace_back();
    if (!ended_) {
      mismatch_frame_ = next_ + 1;
      fail("replay: the client wrote a frame that does not decode (" + describe(decoded.error())
           + "); expected " + describe_event(next_));
    }
    return;
  }
  sent_.push_back(*decoded);
  if (ended_)
    return;
  // What the message may quote of the client's frame: its secrets replaced.
  auto shown = redactor{}.client_frame(*decoded);
  if (next_ == rec_.events.size()) {
    mismatch_frame_ = next_ + 1;
    fail("replay: frame " + std::to_string(next_ + 1)
         + ": the recording has ended, but the client wrote " + shortened(to_string(shown)));
    return;
  }
  auto& expected = rec_.events[next_];
  if (expected.kind != recorded_kind::frame) {
    mismatch_frame_ = next_ + 1;
    fail("replay: " + describe_event(next_) + " expected, but the client wrote "
         + shortened(to_string(shown)));
    return;
  }
  if (auto d = matcher_.match(expected.frame, *decoded, shown)) {
    mismatch_frame_ = next_ + 1;
    auto at = d->path.empty() ? std::string{} : " at " + d->path;
    auto where = expected.line != 0 ? " (line " + std::to_string(expected.line) + ", client)"
                                    : std::string{" (client)"};
    fail("replay: frame " + std::to_string(next_ + 1) + where + " differs" + at + ": expected "
         + d->expected + ", got " + d->got + "; expected frame "
         + shortened(to_string(expected.frame)) + ", got frame " + shortened(to_string(shown)));
    return;
  }
  ++next_;
  advance();
}

void replay::client_close() {
  if (ended_)
    return;
  ended_ = true;
  if (next_ < rec_.events.size() && rec_.events[next_].kind == recorded_kind::close)
    ++next_;
  // As a real transport after close(): `closed` without an error. Recorded
  // events after the client's close are never written (recorder.hpp).
  deliver(closed_atom::value, caf::error{});
}

caf::error replay::outcome() const {
  if (mismatch_)
    return make_error(errc::protocol_error, *mismatch_);
  if (next_ == rec_.events.size())
    return caf::none;
  return make_error(errc::protocol_error,
                    "replay: the client stopped early: " + std::to_string(unplayed()) + " of "
                      + std::to_string(rec_.events.size())
                      + " recorded events left unplayed, the next is " + describe_event(next_));
}

replay_connection spawn_replay_connection(caf::actor_system& sys, recording rec,
                                          client_options opts) {
  auto state = std::make_shared<replay>(std::move(rec));
  opts.transport.subprotocol = state->played().subprotocol();
  opts.reconnect.enabled = false;
  opts.ping_interval = std::chrono::milliseconds{0};
  opts.request_timeout = std::chrono::milliseconds{0};
  opts.token_refresh_margin = std::chrono::milliseconds{0};
  auto factory = [state](caf::actor owner) -> std::unique_ptr<transport> {
    if (!state->attach(std::move(owner)))
      return nullptr;
    return std::make_unique<replay_transport>(state);
  };
  return {spawn_connection(sys, std::move(factory), std::move(opts)), std::move(state)};
}

} // namespace surrealcaf::testing
