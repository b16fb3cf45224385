//! The one reading of the clock per command, and conversions between local days and instants.
//!
//! `ROADMAP_NOW` (RFC 3339) replaces the clock, so that reports and tests are reproducible.
//! Days and weeks are local; instants are stored in UTC.

use chrono::{DateTime, Local, NaiveDate, NaiveTime, TimeZone, Utc};

use crate::error::{Error, Result};

/// The time of this command: `ROADMAP_NOW` if set, else the system clock.
pub fn now() -> Result<DateTime<Local>> {
    match std::env::var("ROADMAP_NOW") {
        Ok(text) if !text.is_empty() => DateTime::parse_from_rfc3339(&text)
            .map(|t| t.with_timezone(&Local))
            .map_err(|e| {
                Error::usage_hint(
                    format!("bad ROADMAP_NOW `{text}`: {e}"),
                    "use RFC 3339, like 2026-11-23T09:00:00+01:00, or unset it",
                )
            }),
        _ => Ok(Local::now()),
    }
}

/// The instant a local day starts (its first existing minute, across DST gaps).
pub fn day_start(date: NaiveDate) -> DateTime<Utc> {
    let mut t = date.and_time(NaiveTime::MIN);
    for _ in 0..4 {
        if let Some(local) = Local.from_local_datetime(&t).earliest() {
            return local.with_timezone(&Utc);
        }
        t += chrono::Duration::minutes(30);
    }
    Utc.from_utc_datetime(&date.and_time(NaiveTime::MIN))
}

/// The local day an instant falls on.
pub fn local_day(at: DateTime<Utc>) -> NaiveDate {
    at.with_timezone(&Local).date_naive()
}

/// When an event written now for day `on` happened: now if `on` is today, else noon local.
pub fn stamp(on: Option<NaiveDate>, now: DateTime<Local>) -> DateTime<Utc> {
    match on {
        Some(day) if day != now.date_naive() => {
            let noon = day.and_time(NaiveTime::from_hms_opt(12, 0, 0).unwrap_or(NaiveTime::MIN));
            Local
                .from_local_datetime(&noon)
                .earliest()
                .map_or_else(|| day_start(day), |t| t.with_timezone(&Utc))
        }
        _ => now.with_timezone(&Utc),
    }
}

/// A fingerprint of the local time zone's rules: its UTC offset in mid-winter, in spring
/// and autumn near the daylight-saving changes, and in mid-summer, of every year from 2000
/// to 2040. Changing `TZ`, or travelling, changes it. (Every command computes it: 164
/// offsets cost about 50,000 instructions, a sample of every fortnight eight times more.)
pub fn zone_key() -> String {
    // FNV-1a, written out so that the key is the same in every build.
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for year in 2000..=2040 {
        for (month, day) in [(1, 1), (3, 20), (7, 1), (10, 30)] {
            let Some(date) = NaiveDate::from_ymd_opt(year, month, day) else {
                continue;
            };
            let at = Utc.from_utc_datetime(&date.and_time(NaiveTime::MIN));
            let offset = at.with_timezone(&Local).offset().local_minus_utc();
            for byte in offset.to_le_bytes() {
                hash = (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3);
            }
        }
    }
    format!("{hash:016x}")
}
