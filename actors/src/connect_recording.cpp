// Apart from recorder.cpp so that programs recording only their own
// transports (the unit tests) do not link the Beast transport.
#include "surrealcaf/connect.hpp"
#include "surrealcaf/detail/websocket_factory.hpp"
#include "surrealcaf/recorder.hpp"

#include <utility>

namespace surrealcaf::testing {

caf::expected<connection_actor> connect_recording(caf::actor_system& sys, const std::string& url,
                                                  const std::string& path, client_options opts,
                                                  std::map<std::string, std::string> notes) {
  auto inner = detail::websocket_factory(url, opts);
  if (!inner)
    return std::move(inner.error());
  record_options how;
  how.notes = std::move(notes);
  how.subprotocol = opts.transport.subprotocol;
  auto factory = record_to(path, std::move(*inner), std::move(how));
  if (!factory)
    return std::move(factory.error());
  return spawn_connection(sys, std::move(*factory), std::move(opts));
}

} // namespace surrealcaf::testing
