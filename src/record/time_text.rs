//! Times as the record writes them: UTC, to the millisecond, in one fixed width so that text
//! order is time order (`2026-11-26T10:04:05.123Z`); and as people read them, at the seat's
//! offset (`2026-11-26 10:04 +01:00`).

use std::sync::OnceLock;

use time::format_description::well_known::Rfc3339;
use time::{OffsetDateTime, UtcOffset};

/// A time in UTC, fixed width, to the millisecond.
pub fn utc(t: OffsetDateTime) -> String {
    let t = t.to_offset(UtcOffset::UTC);
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z",
        t.year(),
        t.month() as u8,
        t.day(),
        t.hour(),
        t.minute(),
        t.second(),
        t.millisecond()
    )
}

/// A time written by [`utc`] (or any RFC 3339 time).
pub fn parse(text: &str) -> Option<OffsetDateTime> {
    OffsetDateTime::parse(text, &Rfc3339).ok()
}

/// A time for people: at `offset_minutes` from UTC, to the minute, with the offset.
pub fn local(t: OffsetDateTime, offset_minutes: i32) -> String {
    let offset = UtcOffset::from_whole_seconds(offset_minutes * 60).unwrap_or(UtcOffset::UTC);
    let t = t.to_offset(offset);
    let sign = if offset_minutes < 0 { '-' } else { '+' };
    let m = offset_minutes.unsigned_abs();
    format!(
        "{:04}-{:02}-{:02} {:02}:{:02} {sign}{:02}:{:02}",
        t.year(),
        t.month() as u8,
        t.day(),
        t.hour(),
        t.minute(),
        m / 60,
        m % 60
    )
}

/// A duration in whole minutes and seconds: `4 min 05 s`, or `35 s`.
pub fn duration(seconds: i64) -> String {
    let seconds = seconds.max(0);
    if seconds < 60 {
        format!("{seconds} s")
    } else {
        format!("{} min {:02} s", seconds / 60, seconds % 60)
    }
}

static OFFSET: OnceLock<i32> = OnceLock::new();

/// Reads the seat's offset from UTC while tread has one thread (the only time the system can
/// be asked safely); [`seat_offset`] returns it from then on. UTC if it cannot be known.
pub fn init_seat_offset() {
    let minutes = UtcOffset::current_local_offset().map_or(0, |o| o.whole_seconds() / 60);
    let _ = OFFSET.set(minutes);
}

/// The seat's offset from UTC, in minutes.
pub fn seat_offset() -> i32 {
    OFFSET.get().copied().unwrap_or(0)
}

/// serde: a time as [`utc`] text.
pub mod rfc3339 {
    use serde::Serializer;
    use time::OffsetDateTime;

    pub fn serialize<S: Serializer>(t: &OffsetDateTime, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&super::utc(*t))
    }
}

/// serde: a time that may be absent.
pub mod rfc3339_option {
    use serde::Serializer;
    use time::OffsetDateTime;

    pub fn serialize<S: Serializer>(t: &Option<OffsetDateTime>, s: S) -> Result<S::Ok, S::Error> {
        match t {
            Some(t) => s.serialize_str(&super::utc(*t)),
            None => s.serialize_none(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_round_trip_and_sort_as_text() {
        let t = OffsetDateTime::from_unix_timestamp_nanos(1_764_151_445_123_000_000).unwrap();
        let text = utc(t);
        assert_eq!(text, "2025-11-26T10:04:05.123Z");
        assert_eq!(parse(&text), Some(t));
        let later = utc(t + time::Duration::milliseconds(900));
        assert!(later > text);
        assert_eq!(local(t, 60), "2025-11-26 11:04 +01:00");
        assert_eq!(local(t, -330), "2025-11-26 04:34 -05:30");
        assert_eq!(duration(245), "4 min 05 s");
    }
}
