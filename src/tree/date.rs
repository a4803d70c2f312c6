//! Calendar dates in tree files, written `YYYY-MM-DD`, and today's date.

use time::{Date, Month, OffsetDateTime};

/// The date a `YYYY-MM-DD` text names, if it is one the calendar has.
pub fn parse(text: &str) -> Option<Date> {
    let bytes = text.as_bytes();
    let shape = bytes.len() == 10
        && bytes.iter().enumerate().all(|(i, b)| match i {
            4 | 7 => *b == b'-',
            _ => b.is_ascii_digit(),
        });
    if !shape {
        return None;
    }
    let year = text[..4].parse().ok()?;
    let month = Month::try_from(text[5..7].parse::<u8>().ok()?).ok()?;
    let day = text[8..].parse().ok()?;
    Date::from_calendar_date(year, month, day).ok()
}

/// Today's date in UTC: a review falls due on the same day everywhere.
pub fn today() -> Date {
    OffsetDateTime::now_utc().date()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_real_dates_in_one_spelling_parse() {
        let cases = [
            ("2027-05-31", Some("2027-05-31")),
            ("2028-02-29", Some("2028-02-29")),
            ("2027-02-29", None),
            ("2027-13-01", None),
            ("2027-00-10", None),
            ("2027-5-31", None),
            ("31/05/2027", None),
            ("2027-05-31 ", None),
            ("２０２７-05-31", None),
            ("", None),
        ];
        for (text, want) in cases {
            assert_eq!(
                parse(text).map(|d| d.to_string()),
                want.map(String::from),
                "{text:?}"
            );
        }
    }
}
