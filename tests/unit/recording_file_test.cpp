// The recording file: what the writer's lines read back as, and the typed
// errors for files that are not recordings, are broken, or too big.
#define CAF_SUITE recording_file

#include "caf/test/unit_test.hpp"

#include "surrealcaf/errc.hpp"
#include "surrealcaf/recording.hpp"

using namespace surrealcaf;
using namespace surrealcaf::testing;

namespace {

const std::string header = R"({"format":"surrealcaf-recording","version":1,"notes":{"ns":"n1"}})";

std::string context_of(const caf::error& err) {
  return context_text(err.context());
}

caf::error refused(const std::string& text, const recording_limits& limits = {}) {
  auto rec = parse_recording(text, limits);
  CAF_REQUIRE(!rec);
  CAF_MESSAGE("refused: " << describe(rec.error()));
  return rec.error();
}

} // namespace

CAF_TEST(written lines read back as the same events) {
  recorded_event open;
  open.side = recorded_side::server;
  open.kind = recorded_kind::open;
  open.subprotocol = "cbor";
  recorded_event sent;
  sent.kind = recorded_kind::frame;
  sent.t_ms = 3;
  sent.frame = value{{"id", 1}, {"method", "ping"}, {"params", value::array{}}};
  recorded_event raw;
  raw.side = recorded_side::server;
  raw.kind = recorded_kind::frame;
  raw.raw = bytes{0xff, 0x00, 0x41};
  recorded_event closed;
  closed.side = recorded_side::server;
  closed.kind = recorded_kind::closed;
  closed.error = errc::connection_closed;
  closed.context = "closed by the server";
  recorded_event close;
  close.kind = recorded_kind::close;
  std::string text = recording_header_line({{"ns", "n1"}}) + "\n";
  size_t n = 0;
  for (auto* x : {&open, &sent, &raw, &closed, &close})
    text += recording_event_line(*x, ++n, "cbor") + "\n";
  CAF_MESSAGE(text);
  auto rec = parse_recording(text);
  CAF_REQUIRE(rec);
  CAF_CHECK_EQUAL(rec->notes.at("ns"), "n1");
  CAF_REQUIRE_EQUAL(rec->events.size(), 5u);
  CAF_CHECK_EQUAL(rec->subprotocol(), "cbor");
  CAF_CHECK(rec->events[1].frame == sent.frame);
  CAF_CHECK_EQUAL(rec->events[1].t_ms, 3);
  CAF_CHECK_EQUAL(rec->events[1].line, 3u);
  CAF_CHECK(rec->events[2].raw == raw.raw);
  CAF_CHECK(rec->events[3].error == errc::connection_closed);
  CAF_CHECK_EQUAL(rec->events[3].context, "closed by the server");
  CAF_CHECK(rec->events[4].kind == recorded_kind::close);
  // The printed form is there for people.
  CAF_CHECK(text.find("\"text\":\"{ id: 1, method: 'ping', params: [] }\"") != std::string::npos);
}

CAF_TEST(json frames are stored as json) {
  recorded_event sent;
  sent.frame = value{{"id", 1}, {"method", "ping"}, {"params", value::array{}}};
  auto line = recording_event_line(sent, 1, "json");
  CAF_CHECK(line.find(R"("json":{"id":1,"method":"ping","params":[]})") != std::string::npos);
  auto rec = parse_recording(header + "\n" + line + "\n");
  CAF_REQUIRE(rec);
  CAF_CHECK(rec->events.at(0).frame == sent.frame);
}

CAF_TEST(bad files are refused naming the line and field) {
  CAF_CHECK(is(refused(""), errc::invalid_argument));
  CAF_CHECK(context_of(refused("not json")).find("line 1: not a JSON object") != std::string::npos);
  CAF_CHECK(context_of(refused(R"({"format":"other","version":1})")).find("\"format\"")
            != std::string::npos);
  CAF_CHECK(context_of(refused(R"({"format":"surrealcaf-recording","version":2})"))
              .find("line 1: \"version\" must be 1")
            != std::string::npos);
  auto line2 = [&](const std::string& event) { return context_of(refused(header + "\n" + event)); };
  CAF_CHECK(line2(R"({"kind":"frame"})").find("line 2: \"dir\" must be a string")
            != std::string::npos);
  CAF_CHECK(line2(R"({"dir":"up","kind":"frame"})").find("\"dir\" must be") != std::string::npos);
  CAF_CHECK(line2(R"({"dir":"client","kind":"open","subprotocol":"cbor"})").find("\"kind\" open")
            != std::string::npos);
  CAF_CHECK(line2(R"({"dir":"client","kind":"frame"})").find("needs \"cbor\" or \"json\"")
            != std::string::npos);
  CAF_CHECK(line2(R"({"dir":"client","kind":"frame","cbor":"@@@@"})").find("not base64")
            != std::string::npos);
  CAF_CHECK(line2(R"({"dir":"client","kind":"frame","cbor":"/w=="})").find("does not decode")
            != std::string::npos);
  CAF_CHECK(line2(R"({"dir":"client","kind":"frame","t_ms":"x","cbor":"AQ=="})").find("\"t_ms\"")
            != std::string::npos);
  CAF_CHECK(line2(R"({"dir":"server","kind":"closed","error":"nonsense"})").find("\"error\"")
            != std::string::npos);
  CAF_CHECK(line2(R"([1,2])").find("not a JSON object") != std::string::npos);
}

CAF_TEST(a recording its recorder cut short is refused as such) {
  auto err = refused(header + "\n" + recording_cut_line("a second socket") + "\n");
  CAF_CHECK(is(err, errc::protocol_error));
  CAF_CHECK(context_of(err).find("a second socket") != std::string::npos);
}

CAF_TEST(limits bound the file the frames and the events) {
  recording_limits small;
  small.max_file_bytes = 10;
  CAF_CHECK(context_of(refused(header, small)).find("larger than 10 bytes") != std::string::npos);
  recording_limits frames;
  frames.max_frame_bytes = 4;
  auto big = header + "\n" + R"({"dir":"client","kind":"frame","cbor":"AAAAAAAAAAAA"})";
  CAF_CHECK(context_of(refused(big, frames)).find("larger than 4 bytes") != std::string::npos);
  recording_limits events;
  events.max_events = 1;
  auto two = header + "\n" + R"({"dir":"client","kind":"close"})" + "\n"
             + R"({"dir":"client","kind":"close"})";
  CAF_CHECK(context_of(refused(two, events)).find("line 3: more than 1 events")
            != std::string::npos);
  CAF_CHECK(is(load_recording("/nonexistent/file.jsonl").error(), errc::invalid_argument));
}
