//! Times as the record writes them: UTC, to the millisecond, in one fixed width so that text
//! order is time order (`2026-11-26T10:04:05.123Z`); and as people read them, at the seat's
//! offset (`2026-11-26 10:04 +01:00`).

use std::sync::OnceLock;

use time::format_description::well_known::Rfc3339;
use time::{OffsetDateTime, UtcOffset};

/// A time in UTC, fixed width, to the millisecond. Written digit by digit: an export writes
/// millions (the record benchmark measured `format!` at a sixth of an export's time).
pub fn utc(t: OffsetDateTime) -> String {
    String::from_utf8_lossy(&utc_bytes(t)).into_owned()
}

/// [`utc`], in a buffer of its own (no allocation).
pub fn utc_bytes(t: OffsetDateTime) -> [u8; 24] {
    let t = t.checked_to_offset(UtcOffset::UTC).unwrap_or(t);
    let mut out = *b"0000-00-00T00:00:00.000Z";
    let mut put = |at: usize, width: usize, mut n: u32| {
        for i in (at..at + width).rev() {
            out[i] = b'0' + (n % 10) as u8;
            n /= 10;
        }
    };
    put(0, 4, t.year().clamp(0, 9999) as u32);
    put(5, 2, t.month() as u32);
    put(8, 2, u32::from(t.day()));
    put(11, 2, u32::from(t.hour()));
    put(14, 2, u32::from(t.minute()));
    put(17, 2, u32::from(t.second()));
    put(20, 3, u32::from(t.millisecond()));
    out
}

/// A time written by [`utc`] (read directly: an export reads millions), or any RFC 3339 time.
pub fn parse(text: &str) -> Option<OffsetDateTime> {
    fixed(text).or_else(|| OffsetDateTime::parse(text, &Rfc3339).ok())
}

/// `YYYY-MM-DDTHH:MM:SS.mmmZ`, as [`utc`] writes it.
fn fixed(text: &str) -> Option<OffsetDateTime> {
    let b = text.as_bytes();
    if b.len() != 24
        || b[4] != b'-'
        || b[7] != b'-'
        || b[10] != b'T'
        || b[13] != b':'
        || b[16] != b':'
        || b[19] != b'.'
        || b[23] != b'Z'
    {
        return None;
    }
    let num = |from: usize, to: usize| -> Option<u32> {
        b[from..to].iter().try_fold(0u32, |n, &d| {
            d.is_ascii_digit().then(|| n * 10 + u32::from(d - b'0'))
        })
    };
    let month = time::Month::try_from(num(5, 7)? as u8).ok()?;
    let date = time::Date::from_calendar_date(num(0, 4)? as i32, month, num(8, 10)? as u8).ok()?;
    let clock = time::Time::from_hms_milli(
        num(11, 13)? as u8,
        num(14, 16)? as u8,
        num(17, 19)? as u8,
        num(20, 23)? as u16,
    )
    .ok()?;
    Some(time::PrimitiveDateTime::new(date, clock).assume_utc())
}

/// A time for people: at `offset_minutes` from UTC, to the minute, with the offset.
pub fn local(t: OffsetDateTime, offset_minutes: i32) -> String {
    // An offset no place has, or a time the offset would carry past the calendar (a record
    // another seat wrote), is shown in UTC.
    let (t, offset_minutes) = match UtcOffset::from_whole_seconds(offset_minutes.saturating_mul(60))
        .ok()
        .and_then(|offset| t.checked_to_offset(offset))
    {
        Some(t) => (t, offset_minutes),
        None => (t, 0),
    };
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
        let bytes = super::utc_bytes(*t);
        s.serialize_str(std::str::from_utf8(&bytes).unwrap_or_default())
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
        assert_eq!(fixed(&text), Some(t));
        assert_eq!(
            parse("2025-11-26T10:04:05.123456Z").map(utc),
            Some(text.clone())
        );
        assert_eq!(parse("2025-11-26T10:04:05.12"), None);
        let later = utc(t + time::Duration::milliseconds(900));
        assert!(later > text);
        assert_eq!(local(t, 60), "2025-11-26 11:04 +01:00");
        assert_eq!(local(t, -330), "2025-11-26 04:34 -05:30");
        assert_eq!(duration(245), "4 min 05 s");
    }
}
