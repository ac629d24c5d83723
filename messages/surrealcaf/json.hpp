#pragma once

#include <cstddef>

#include <nlohmann/json.hpp>

#include "surrealcaf/value.hpp"

namespace surrealcaf {

/// How many arrays and objects may be open at once when JSON becomes a
/// value (`from_json`, `value::from`, JSON frames): the same depth the CBOR
/// decoder reads (`cbor::default_max_depth`), for the same reasons.
constexpr size_t json_max_depth = 2048;

/// The JSON SurrealDB itself writes for a value (its `json` output format and
/// HTTP API). Lossy by design; see docs/json.md for the table:
/// - NONE and NULL → `null`; a NaN or infinite float → `null`;
/// - decimal → its text as a string; duration → `"1h30m"`; datetime → RFC 3339
///   (`"2026-01-01T00:00:00Z"`); uuid → hyphenated lowercase string;
/// - record id → SurrealQL string (`"person:tobie"`); table → its name;
/// - bytes → array of numbers; geometry → GeoJSON object; set → array;
/// - range and file → SurrealQL string (`"1..=10"`, `f"bucket:/key"`).
/// Never throws except std::bad_alloc.
nlohmann::json to_json(const value& x);

/// The plain inverse of JSON: `null` → NULL, booleans, integers, floats,
/// strings (kept as strings: no record id, datetime or uuid is guessed from
/// text), arrays, objects, and nlohmann binary values (e.g. from CBOR parsed by
/// nlohmann) → bytes. Unsigned integers above INT64_MAX, which no SurrealDB
/// int can hold, become a `decimal` with their exact digits.
/// Throws `conversion_error` (its path names the level one too deep) for a
/// document nested deeper than `json_max_depth`; otherwise never throws
/// except std::bad_alloc. The walk keeps its own stack, so it uses no thread
/// stack per level.
value from_json(const nlohmann::json& x);

/// The JSON to send to a server connected with the `json` subprotocol. Like
/// `to_json`, except that object fields holding NONE are left out (SurrealDB
/// treats a NONE field as absent; `null` would store NULL). The server parses
/// every JSON string with "legacy strands", so what arrives is:
/// - record ids (`"person:tobie"`), datetimes and uuids: typed again;
/// - decimals, durations, tables, ranges, files: plain strings;
/// - bytes and sets: arrays; geometries: plain GeoJSON-shaped objects;
/// - NONE outside an object: `null`; NaN and infinities: `null`;
/// - any *string* that parses as a record id, datetime or uuid: that type, which
///   JSON cannot prevent (use CBOR to send such strings verbatim).
/// Replies from such a server are read with `from_json`.
/// Never throws except std::bad_alloc.
nlohmann::json to_wire_json(const value& x);

} // namespace surrealcaf
