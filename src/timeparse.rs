//! Parsing and formatting of the human forms of time: durations (`1h30m`), dates (`yesterday`,
//! `3d ago`, `2026-11-20`) and ISO weeks (`2026-W47`).
//!
//! Every function takes `today` from its caller, so nothing here reads a clock.

use chrono::{Datelike, Duration, NaiveDate, Weekday};

/// The longest duration a roadmap's estimate may give, in minutes (a year of study, day and
/// night).
const MAX_MINUTES: u32 = 366 * 24 * 60;

/// The most one `log` holds: the day it is stamped on.
pub const MAX_LOG_MINUTES: u32 = 24 * 60;

/// The earliest day a date may name: the Unix epoch. Anything before it is a typo
/// (`0206-11-20`), not a day someone studied on, and imports are held to it too.
pub const EARLIEST: NaiveDate = match NaiveDate::from_ymd_opt(1970, 1, 1) {
    Some(day) => day,
    None => NaiveDate::MIN,
};

/// Why [`parse_duration_within`] refused a duration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BadDuration {
    /// Not written as `<number><unit>` parts, or zero: the message says what is wrong.
    Form(String),
    /// Well written, but more than the caller's limit.
    TooLong,
}

/// Parses `45m`, `2h`, `1h30m`, `120h` into minutes, up to a year (a roadmap's estimate).
/// Returns a message for the error otherwise.
pub fn parse_duration(text: &str) -> Result<u32, String> {
    parse_duration_within(text, MAX_MINUTES).map_err(|e| match e {
        BadDuration::Form(message) => message,
        BadDuration::TooLong => format!("bad duration `{text}`: longer than a year"),
    })
}

/// Parses a duration as [`parse_duration`] does, refusing more than `max` minutes.
pub fn parse_duration_within(text: &str, max: u32) -> Result<u32, BadDuration> {
    let bad = || {
        BadDuration::Form(format!(
            "bad duration `{text}`: expected parts like `45m`, `2h` or `1h30m` (units m and h)"
        ))
    };
    if text.is_empty() {
        return Err(bad());
    }
    // Sums saturate instead of overflowing: anything that large is refused as too long, once
    // the whole text is known to be well formed.
    let mut total: u64 = 0;
    let mut number: Option<u64> = None;
    for c in text.chars() {
        match c {
            '0'..='9' => {
                let digit = u64::from(c as u8 - b'0');
                number = Some(number.unwrap_or(0).saturating_mul(10).saturating_add(digit));
            }
            'h' | 'm' => {
                let n = number.take().ok_or_else(bad)?;
                total = total.saturating_add(if c == 'h' { n.saturating_mul(60) } else { n });
            }
            _ => return Err(bad()),
        }
    }
    if number.is_some() {
        return Err(BadDuration::Form(format!(
            "bad duration `{text}`: a number needs a unit, as in `{text}m` or `{text}h`"
        )));
    }
    if total == 0 {
        return Err(BadDuration::Form(format!(
            "bad duration `{text}`: must be more than zero"
        )));
    }
    if total > u64::from(max) {
        return Err(BadDuration::TooLong);
    }
    // `total` is at most `max`, a u32, so this cannot fail.
    Ok(u32::try_from(total).unwrap_or(u32::MAX))
}

/// Formats minutes the way durations are written: `45m`, `2h`, `1h30m`.
pub fn format_minutes(minutes: u64) -> String {
    let (h, m) = (minutes / 60, minutes % 60);
    match (h, m) {
        (0, m) => format!("{m}m"),
        (h, 0) => format!("{h}h"),
        (h, m) => format!("{h}h{m:02}m"),
    }
}

const DATE_FORMS: &str = "use YYYY-MM-DD, today, yesterday, a weekday name, or `3d ago`";

/// Parses a DATE argument relative to `today`. Dates after `today` are refused.
pub fn parse_date(text: &str, today: NaiveDate) -> Result<NaiveDate, String> {
    let t = text.trim().to_ascii_lowercase();
    let date = match t.as_str() {
        "today" => today,
        "yesterday" => today - Duration::days(1),
        _ => {
            if let Some(weekday) = parse_weekday(&t) {
                // The most recent such day before today.
                let mut d = today - Duration::days(1);
                while d.weekday() != weekday {
                    d -= Duration::days(1);
                }
                d
            } else if let Some(n) = parse_ago(&t) {
                today
                    .checked_sub_signed(Duration::days(n))
                    .ok_or_else(|| format!("bad date `{text}`: too far back"))?
            } else {
                NaiveDate::parse_from_str(&t, "%Y-%m-%d")
                    .ok()
                    .filter(|_| is_iso_date_shape(&t))
                    .ok_or_else(|| format!("bad date `{text}`: {DATE_FORMS}"))?
            }
        }
    };
    if date > today {
        return Err(format!(
            "bad date `{text}`: {date} is in the future (today is {today})"
        ));
    }
    if date < EARLIEST {
        return Err(format!("bad date `{text}`: {date} is before {EARLIEST}"));
    }
    Ok(date)
}

fn is_iso_date_shape(t: &str) -> bool {
    let b = t.as_bytes();
    b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())
}

fn parse_weekday(t: &str) -> Option<Weekday> {
    let names = [
        ("monday", Weekday::Mon),
        ("tuesday", Weekday::Tue),
        ("wednesday", Weekday::Wed),
        ("thursday", Weekday::Thu),
        ("friday", Weekday::Fri),
        ("saturday", Weekday::Sat),
        ("sunday", Weekday::Sun),
    ];
    names
        .iter()
        .find(|(name, _)| *name == t || (t.len() >= 3 && name.starts_with(t)))
        .map(|(_, d)| *d)
}

/// `3d ago`, `3 days ago`, `1 day ago`, `2w ago`.
fn parse_ago(t: &str) -> Option<i64> {
    let rest = t.strip_suffix("ago")?.trim_end();
    let digits_end = rest.find(|c: char| !c.is_ascii_digit())?;
    let n: i64 = rest[..digits_end].parse().ok()?;
    let unit = rest[digits_end..].trim();
    let per = match unit {
        "d" | "day" | "days" => 1,
        "w" | "week" | "weeks" => 7,
        _ => return None,
    };
    if n > 100_000 {
        return None;
    }
    Some(n * per)
}

/// Parses a WEEK argument: an ISO week `2026-W47`, or any DATE inside the week.
/// Returns the Monday that starts it.
pub fn parse_week(text: &str, today: NaiveDate) -> Result<NaiveDate, String> {
    let t = text.trim();
    if let Some((year, week)) = t.split_once(['W', 'w']) {
        let year = year.strip_suffix('-').unwrap_or(year);
        let (Ok(y), Ok(w)) = (year.parse::<i32>(), week.parse::<u32>()) else {
            return Err(format!(
                "bad week `{text}`: use an ISO week like 2026-W47 or a date inside the week"
            ));
        };
        let monday = NaiveDate::from_isoywd_opt(y, w, Weekday::Mon)
            .ok_or_else(|| format!("bad week `{text}`: {y} has no week {w}"))?;
        if monday > today {
            return Err(format!("bad week `{text}`: it has not started yet"));
        }
        if monday < monday_of(EARLIEST) {
            return Err(format!("bad week `{text}`: it is before {EARLIEST}"));
        }
        return Ok(monday);
    }
    let date = parse_date(t, today).map_err(|e| e.replacen("bad date", "bad week", 1))?;
    Ok(monday_of(date))
}

/// The Monday of the week that holds `date`.
pub fn monday_of(date: NaiveDate) -> NaiveDate {
    date - Duration::days(i64::from(date.weekday().num_days_from_monday()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn durations() {
        assert_eq!(parse_duration("45m"), Ok(45));
        assert_eq!(parse_duration("2h"), Ok(120));
        assert_eq!(parse_duration("1h30m"), Ok(90));
        assert_eq!(parse_duration("120h"), Ok(7200));
        assert_eq!(parse_duration("1h1h"), Ok(120));
        for bad in [
            "", "h", "m", "30", "1x", "-1h", "1.5h", "0m", "0h0m", " 1h", "1H",
        ] {
            assert!(parse_duration(bad).is_err(), "{bad:?} accepted");
        }
        assert!(parse_duration("99999999999999999999999h").is_err());
        assert!(parse_duration("9000h").is_err());
        assert!(parse_duration("30").unwrap_err().contains("needs a unit"));
        assert_eq!(
            parse_duration("999999h"),
            Err("bad duration `999999h`: longer than a year".into())
        );
    }

    #[test]
    fn durations_within_a_limit() {
        let day = MAX_LOG_MINUTES;
        assert_eq!(parse_duration_within("24h", day), Ok(1440));
        assert_eq!(parse_duration_within("23h60m", day), Ok(1440));
        for too_long in [
            "24h1m",
            "1441m",
            "25h",
            "999999h",
            "99999999999999999999999h",
        ] {
            assert_eq!(
                parse_duration_within(too_long, day),
                Err(BadDuration::TooLong),
                "{too_long}"
            );
        }
        // A malformed duration is reported as such, however large its number.
        for malformed in ["999999", "999999x", "2 hours", "0m"] {
            assert!(
                matches!(
                    parse_duration_within(malformed, day),
                    Err(BadDuration::Form(_))
                ),
                "{malformed}"
            );
        }
    }

    #[test]
    fn minutes_format() {
        assert_eq!(format_minutes(0), "0m");
        assert_eq!(format_minutes(45), "45m");
        assert_eq!(format_minutes(120), "2h");
        assert_eq!(format_minutes(95), "1h35m");
        assert_eq!(format_minutes(61), "1h01m");
    }

    #[test]
    fn dates() {
        let today = d("2026-11-23"); // a Monday
        assert_eq!(parse_date("today", today), Ok(today));
        assert_eq!(parse_date("Yesterday", today), Ok(d("2026-11-22")));
        assert_eq!(parse_date("2026-11-01", today), Ok(d("2026-11-01")));
        assert_eq!(parse_date("monday", today), Ok(d("2026-11-16")));
        assert_eq!(parse_date("sunday", today), Ok(d("2026-11-22")));
        assert_eq!(parse_date("fri", today), Ok(d("2026-11-20")));
        assert_eq!(parse_date("3d ago", today), Ok(d("2026-11-20")));
        assert_eq!(parse_date("3 days ago", today), Ok(d("2026-11-20")));
        assert_eq!(parse_date("1 day ago", today), Ok(d("2026-11-22")));
        assert_eq!(parse_date("2w ago", today), Ok(d("2026-11-09")));
        assert_eq!(parse_date("0d ago", today), Ok(today));
        for bad in [
            "2026-11-24",
            "tomorrow",
            "2026-02-30",
            "26-11-01",
            "2026-1-1",
            "",
            "ago",
            "d ago",
            "99999999999d ago",
            "+2026-11-01",
        ] {
            assert!(parse_date(bad, today).is_err(), "{bad:?} accepted");
        }
        assert!(
            parse_date("2026-11-24", today)
                .unwrap_err()
                .contains("in the future")
        );
    }

    #[test]
    fn weeks() {
        let today = d("2026-11-25");
        assert_eq!(parse_week("2026-W47", today), Ok(d("2026-11-16")));
        assert_eq!(parse_week("2026W48", today), Ok(d("2026-11-23")));
        assert_eq!(parse_week("2026-11-19", today), Ok(d("2026-11-16")));
        assert_eq!(parse_week("today", today), Ok(d("2026-11-23")));
        // ISO week 53 of 2020 runs into 2021; week 1 of 2025 starts in 2024.
        assert_eq!(parse_week("2020-W53", today), Ok(d("2020-12-28")));
        assert_eq!(parse_week("2021-01-03", today), Ok(d("2020-12-28")));
        assert_eq!(parse_week("2025-W01", today), Ok(d("2024-12-30")));
        assert!(parse_week("2026-W53", today).is_err());
        assert!(parse_week("2026-W49", today).is_err());
        assert!(parse_week("2026-Wx", today).is_err());
    }

    #[test]
    fn nothing_before_the_earliest_day() {
        let today = d("2026-11-23");
        assert_eq!(parse_date("1970-01-01", today), Ok(EARLIEST));
        for (text, day) in [
            ("1969-12-31", "1969-12-31"),
            ("0206-11-20", "0206-11-20"),
            ("0001-01-01", "0001-01-01"),
            ("0000-01-01", "0000-01-01"),
            ("99999d ago", "1753-02-08"),
        ] {
            assert_eq!(
                parse_date(text, today),
                Err(format!("bad date `{text}`: {day} is before 1970-01-01"))
            );
        }
        // The week that holds the earliest day is the first one a report may cover.
        assert_eq!(parse_week("1970-W01", today), Ok(d("1969-12-29")));
        assert_eq!(parse_week("1970-01-01", today), Ok(d("1969-12-29")));
        assert_eq!(
            parse_week("1969-W52", today),
            Err("bad week `1969-W52`: it is before 1970-01-01".into())
        );
        assert_eq!(
            parse_week("0000-01-01", today),
            Err("bad week `0000-01-01`: 0000-01-01 is before 1970-01-01".into())
        );
        assert_eq!(
            parse_week("1969-12-28", today),
            Err("bad week `1969-12-28`: 1969-12-28 is before 1970-01-01".into())
        );
    }
}
