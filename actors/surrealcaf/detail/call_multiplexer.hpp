#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "caf/error.hpp"
#include "caf/expected.hpp"

#include "surrealcaf/detail/pending_calls.hpp"
#include "surrealcaf/detail/rpc_framing.hpp"
#include "surrealcaf/errc.hpp"
#include "surrealcaf/rpc/notification.hpp"
#include "surrealcaf/rpc/request.hpp"

namespace surrealcaf::detail {

/// How many incoming frames were dropped, by reason. None of them completes
/// a call or reaches a session; they are counted so that tests and
/// diagnostics can see them.
struct frame_counters {
  /// Bytes that did not decode (not one valid CBOR value or JSON document,
  /// or nested too deep) and named no call in flight.
  size_t undecodable = 0;
  /// Frames that broke the protocol without naming a call in flight.
  size_t invalid = 0;
  /// Success replies to no call in flight (e.g. a call already failed).
  size_t stray_replies = 0;
  /// Error replies to no call in flight, or without an id at all.
  size_t uncorrelated_errors = 0;
};

/// The request multiplexer of one connection, without I/O: it turns calls
/// into frames under fresh ids and frames back into completed calls or
/// notifications. `Payload` is whatever waits for a reply (the connection
/// actor stores a callback that fulfils a response promise).
///
/// Every call registered with `send` ends exactly once: through `receive`
/// (a reply; an invalid frame naming its id, with `errc::protocol_error`; or
/// an undecodable frame whose top-level id names it, with
/// `errc::decode_error`), through `expire` (its deadline passed, with
/// `errc::timeout`; a reply that comes later is a stray reply) or through
/// `fail_all`.
///
/// Not thread safe; the connection actor owns it.
template <class Payload>
class call_multiplexer {
public:
  /// A call that ended, and how.
  struct completion {
    Payload payload;
    caf::expected<value> result;
    rpc::method method;
    std::optional<uuid> session;
  };

  /// A success reply that came after its call expired, to a call that
  /// leaves something open on the server: `begin` (a transaction), `live`
  /// (a live query), `attach` (a session). Nobody waits for it any more, so
  /// the connection undoes it.
  struct late_result {
    rpc::method method;
    std::optional<uuid> session;
    value result;
  };

  /// What one incoming frame meant: nothing to act on (dropped, see
  /// `counters`), a completed call, a notification to route, or a late
  /// result to undo.
  using event = std::variant<std::monostate, completion, rpc::notification, late_result>;

  /// How many expired calls that open something are remembered, for their
  /// late replies; the oldest are forgotten first.
  static constexpr size_t max_remembered = 1024;

  using time_point = typename pending_calls<Payload>::time_point;

  /// Registers `call` under a fresh id (its own `id` is ignored) with
  /// whoever waits for it and returns the frame to write. Without a deadline
  /// the call waits until answered or failed. `timeout` is what a call with
  /// its own deadline allowed (zero: the connection's), for the text of its
  /// timeout. A call that cannot be framed (see `encode_request`) is not
  /// registered and `payload` is left untouched: the error is the caller's
  /// to deliver.
  caf::expected<std::vector<uint8_t>>
  send(rpc::request req, Payload&& payload,
       time_point deadline = pending_calls<Payload>::no_deadline,
       std::chrono::milliseconds timeout = std::chrono::milliseconds{0}) {
    auto session = req.session;
    auto method = req.method;
    req.id = calls_.next_id();
    auto frame = encode_request(std::move(req), format_);
    if (frame)
      calls_.add(std::move(payload), session, method, deadline, timeout);
    return frame;
  }

  /// Ends the calls whose deadline is `now` or earlier with `errc::timeout`,
  /// oldest first; `timeout` is what the deadline of a call without one of
  /// its own allowed, for the text.
  std::vector<completion> expire(time_point now, std::chrono::milliseconds timeout) {
    std::vector<completion> result;
    for (auto& [id, e] : calls_.expire(now)) {
      remember(id, e.method, e.session);
      auto allowed = e.timeout.count() > 0 ? e.timeout : timeout;
      // The request went out: whether the server ran it is unknown.
      auto reason = make_error(errc::timeout, std::string{rpc::to_string(e.method)}
                                                + ": no reply within "
                                                + std::to_string(allowed.count())
                                                + " ms (the server may still have run it)");
      result.push_back(completion{std::move(e.payload), std::move(reason), e.method, e.session});
    }
    return result;
  }

  /// When the next call expires, if any call has a deadline.
  std::optional<time_point> next_deadline() const { return calls_.next_deadline(); }

  /// Reads one incoming frame.
  event receive(const std::vector<uint8_t>& bytes) {
    auto frame = read_frame(
      bytes, [this](int64_t id) { return calls_.contains(id); }, format_);
    if (auto bad = std::get_if<undecodable_frame>(&frame))
      return on(*bad);
    return std::visit([this](auto& x) { return on(x); }, std::get<rpc::classified_frame>(frame));
  }

  /// Ends every call in flight with `reason`, oldest first.
  std::vector<completion> fail_all(const caf::error& reason) {
    std::vector<completion> result;
    for (auto& [id, e] : calls_.take_all())
      result.push_back(completion{std::move(e.payload), reason, e.method, e.session});
    return result;
  }

  /// Switches the wire format (once the handshake named it).
  void use(wire_format format) noexcept { format_ = format; }

  /// Calls sent and not yet ended.
  size_t in_flight() const noexcept { return calls_.size(); }

  /// The id the next call `send` registers will get.
  int64_t next_id() const noexcept {
    return calls_.next_id();
  }

  const frame_counters& counters() const noexcept { return counters_; }

private:
  event on(rpc::response& x) {
    // classify() returned a response only for an id in flight.
    auto e = calls_.take(x.id);
    auto result = reply_of(std::move(x), e->session);
    return completion{std::move(e->payload), std::move(result), e->method, e->session};
  }

  event on(rpc::notification& x) { return std::move(x); }

  // A reply the decoders refused still ends its call at once, instead of
  // leaving it to its timeout.
  event on(undecodable_frame& x) {
    if (x.id) {
      if (auto e = calls_.take(*x.id))
        return completion{std::move(e->payload), std::move(x.error), e->method, e->session};
    }
    ++counters_.undecodable;
    return {};
  }

  event on(rpc::uncorrelated_error&) {
    ++counters_.uncorrelated_errors;
    return {};
  }

  event on(rpc::stray_reply& x) {
    if (auto id = x.id.get_if<int64_t>()) {
      auto i = expired_.find(*id);
      if (i != expired_.end()) {
        late_result late{i->second.first, i->second.second, std::move(x.result)};
        expired_.erase(i);
        return late;
      }
    }
    ++counters_.stray_replies;
    return {};
  }

  // Keeps an expired call whose late success would leave something open.
  void remember(int64_t id, rpc::method m, const std::optional<uuid>& session) {
    if (m != rpc::method::begin && m != rpc::method::live && m != rpc::method::attach)
      return;
    expired_.emplace(id, std::make_pair(m, session));
    if (expired_.size() > max_remembered)
      expired_.erase(expired_.begin());
  }

  event on(rpc::invalid_frame& x) {
    if (x.id) {
      if (auto e = calls_.take(*x.id))
        return completion{std::move(e->payload),
                          make_error(errc::protocol_error, std::move(x.reason)), e->method,
                          e->session};
    }
    ++counters_.invalid;
    return {};
  }

  pending_calls<Payload> calls_;
  /// Expired begin/live/attach calls by id (ordered: the oldest go first).
  std::map<int64_t, std::pair<rpc::method, std::optional<uuid>>> expired_;
  frame_counters counters_;
  wire_format format_ = wire_format::cbor;
};

} // namespace surrealcaf::detail
