//! Reading post dates as real sites write them: YAML timestamps and RFC 3339, Jekyll's
//! `2025-09-29 20:31:25 +0000` (hours may have one digit), bare days, `April 30, 2017`, and the
//! dates hidden in file names (`2025-09-29-title.md`) and paths (`2019/05/01/title`).
//! A written time zone is kept as written, never converted.

use chrono::{FixedOffset, NaiveDate, NaiveTime, TimeZone};

use crate::model::PostDate;

/// Parses a date as written in front matter. `None` when it is not one kiji understands.
pub fn parse(text: &str) -> Option<PostDate> {
    let text = text.trim();
    parse_numeric(text).or_else(|| parse_month_name(text).map(PostDate::Day))
}

/// `2024-05-01`, `2024/05/01`, then an optional time (`T` or spaces before it) with optional
/// seconds and fraction, then an optional zone (`Z`, `UTC`, `+09:00`, `+0900`, `-5`).
fn parse_numeric(text: &str) -> Option<PostDate> {
    let (day, rest) = parse_day(text)?;
    if rest.trim().is_empty() {
        return Some(PostDate::Day(day));
    }
    let rest = rest
        .strip_prefix(['T', 't'])
        .unwrap_or(rest)
        .trim_start_matches(' ');
    let (time, rest) = parse_time(rest)?;
    let local = day.and_time(time);
    let zone = rest.trim();
    if zone.is_empty() {
        return Some(PostDate::Local(local));
    }
    let offset = parse_offset(zone)?;
    offset
        .from_local_datetime(&local)
        .single()
        .map(PostDate::Zoned)
}

fn parse_day(text: &str) -> Option<(NaiveDate, &str)> {
    let (year, rest) = digits(text, 4, 4)?;
    let separator = rest.chars().next().filter(|c| matches!(c, '-' | '/'))?;
    let (month, rest) = digits(&rest[1..], 1, 2)?;
    let (day, rest) = digits(rest.strip_prefix(separator)?, 1, 2)?;
    Some((NaiveDate::from_ymd_opt(year as i32, month, day)?, rest))
}

fn parse_time(text: &str) -> Option<(NaiveTime, &str)> {
    let (hour, rest) = digits(text, 1, 2)?;
    let (minute, mut rest) = digits(rest.strip_prefix(':')?, 2, 2)?;
    let mut second = 0;
    let mut nanos = 0;
    if let Some(after) = rest.strip_prefix(':') {
        (second, rest) = digits(after, 2, 2)?;
        if let Some(fraction) = rest.strip_prefix(['.', ',']) {
            let len = fraction.bytes().take_while(u8::is_ascii_digit).count();
            let kept = &fraction[..len.min(9)];
            nanos = kept.parse::<u32>().ok()? * 10u32.pow(9 - kept.len() as u32);
            rest = &fraction[len..];
        }
    }
    Some((
        NaiveTime::from_hms_nano_opt(hour, minute, second, nanos)?,
        rest,
    ))
}

fn parse_offset(zone: &str) -> Option<FixedOffset> {
    if matches!(zone, "Z" | "z" | "UTC" | "GMT") {
        return FixedOffset::east_opt(0);
    }
    let sign = match zone.chars().next()? {
        '+' => 1,
        '-' => -1,
        _ => return None,
    };
    let zone = &zone[1..];
    let (hours, minutes) = match digits(zone, 1, 4)? {
        // `+0900`, `+900`
        (hhmm, "") if zone.len() >= 3 => (hhmm / 100, hhmm % 100),
        // `+09`, `-5`
        (hours, "") => (hours, 0),
        // `+09:00`
        (hours, rest) => {
            let (minutes, rest) = digits(rest.strip_prefix(':')?, 2, 2)?;
            if !rest.is_empty() || zone.find(':')? > 2 {
                return None;
            }
            (hours, minutes)
        }
    };
    if hours > 23 || minutes > 59 {
        return None;
    }
    FixedOffset::east_opt(sign * (hours * 3600 + minutes * 60) as i32)
}

/// `min..=max` leading ASCII digits as a number, and the rest.
fn digits(text: &str, min: usize, max: usize) -> Option<(u32, &str)> {
    let len = text.bytes().take_while(u8::is_ascii_digit).count();
    if len < min || len > max {
        return None;
    }
    Some((text[..len].parse().ok()?, &text[len..]))
}

/// `April 30, 2017`, `Apr 30 2017`, `30 April 2017`.
fn parse_month_name(text: &str) -> Option<NaiveDate> {
    if !text.starts_with(|c: char| c.is_ascii_alphanumeric()) {
        return None;
    }
    ["%B %d, %Y", "%B %d %Y", "%d %B %Y", "%d %B, %Y"]
        .iter()
        .find_map(|format| NaiveDate::parse_from_str(text, format).ok())
}

/// The date of a Jekyll-style name (`2025-09-29-ai-rules`) and the rest of the name
/// (`ai-rules`, empty when the name is only a date).
pub fn split_name_prefix(name: &str) -> Option<(NaiveDate, &str)> {
    let (year, rest) = digits(name, 4, 4)?;
    let (month, rest) = digits(rest.strip_prefix('-')?, 2, 2)?;
    let (day, rest) = digits(rest.strip_prefix('-')?, 2, 2)?;
    let date = NaiveDate::from_ymd_opt(year as i32, month, day)?;
    match rest.chars().next() {
        None => Some((date, "")),
        Some('-' | '_') => Some((date, &rest[1..])),
        Some(_) => None,
    }
}

/// The first `YYYY/MM/DD` run of segments (`blog/2019/05/01/post`).
pub fn from_segments<'a>(segments: impl IntoIterator<Item = &'a str>) -> Option<NaiveDate> {
    let segments: Vec<&str> = segments.into_iter().collect();
    segments.windows(3).find_map(|w| {
        let (year, _) = digits(w[0], 4, 4).filter(|(_, rest)| rest.is_empty())?;
        let (month, _) = digits(w[1], 1, 2).filter(|(_, rest)| rest.is_empty())?;
        let (day, _) = digits(w[2], 1, 2).filter(|(_, rest)| rest.is_empty())?;
        NaiveDate::from_ymd_opt(year as i32, month, day)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDateTime;

    fn local(text: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M:%S").unwrap()
    }

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn rfc3339(text: &str) -> Option<String> {
        parse(text).map(|d| d.to_rfc3339())
    }

    #[test]
    fn rfc3339_keeps_its_offset() {
        assert_eq!(
            rfc3339("2018-04-19T11:56:55+01:00").as_deref(),
            Some("2018-04-19T11:56:55+01:00")
        );
        assert_eq!(
            rfc3339("2019-06-04T10:20:00.000Z").as_deref(),
            Some("2019-06-04T10:20:00+00:00")
        );
        assert_eq!(
            rfc3339("2001-12-14t21:59:43.10-05:00").as_deref(),
            Some("2001-12-14T21:59:43.100-05:00")
        );
    }

    #[test]
    fn jekyll_datetime_with_numeric_offset() {
        assert_eq!(
            rfc3339("2025-09-29 20:31:25 +0000").as_deref(),
            Some("2025-09-29T20:31:25+00:00")
        );
        assert_eq!(
            rfc3339("2024-01-02 08:00:00 +0900").as_deref(),
            Some("2024-01-02T08:00:00+09:00")
        );
    }

    #[test]
    fn single_digit_hour() {
        assert_eq!(
            rfc3339("2013-11-22 5:00:00 +0000").as_deref(),
            Some("2013-11-22T05:00:00+00:00")
        );
    }

    #[test]
    fn yaml_timestamp_with_spaces_and_short_offset() {
        assert_eq!(
            rfc3339("2001-12-14 21:59:43.10 -5").as_deref(),
            Some("2001-12-14T21:59:43.100-05:00")
        );
    }

    #[test]
    fn bare_day() {
        assert_eq!(parse("2024-05-01"), Some(PostDate::Day(day(2024, 5, 1))));
        assert_eq!(parse("2024/5/1"), Some(PostDate::Day(day(2024, 5, 1))));
    }

    #[test]
    fn time_without_zone_is_local() {
        assert_eq!(
            parse("2024-05-01 10:30"),
            Some(PostDate::Local(local("2024-05-01 10:30:00")))
        );
        assert_eq!(
            parse("2024-05-01T10:30:15"),
            Some(PostDate::Local(local("2024-05-01 10:30:15")))
        );
    }

    #[test]
    fn month_names() {
        assert_eq!(
            parse("April 30, 2017"),
            Some(PostDate::Day(day(2017, 4, 30)))
        );
        assert_eq!(
            parse("December 03, 2019"),
            Some(PostDate::Day(day(2019, 12, 3)))
        );
        assert_eq!(parse("Oct 1, 2019"), Some(PostDate::Day(day(2019, 10, 1))));
        assert_eq!(
            parse("30 April 2017"),
            Some(PostDate::Day(day(2017, 4, 30)))
        );
    }

    #[test]
    fn nonsense_is_not_a_date() {
        for text in [
            "",
            "soon",
            "2024-13-01",
            "2024-02-30",
            "2024-05-01 25:00",
            "2024-05-01 10:00 +99",
            "2024-05-01 10:00 Mars",
            "20240501",
        ] {
            assert_eq!(parse(text), None, "{text:?}");
        }
    }

    #[test]
    fn jekyll_name_prefix() {
        assert_eq!(
            split_name_prefix("2025-09-29-ai-rules"),
            Some((day(2025, 9, 29), "ai-rules"))
        );
        assert_eq!(
            split_name_prefix("2025-09-29"),
            Some((day(2025, 9, 29), ""))
        );
        assert_eq!(split_name_prefix("2025-09-299-x"), None);
        assert_eq!(split_name_prefix("ai-rules"), None);
    }

    #[test]
    fn path_segments() {
        assert_eq!(
            from_segments("blog/2019/05/01/post".split('/')),
            Some(day(2019, 5, 1))
        );
        assert_eq!(
            from_segments("2025/06/26/Rust-1.88.0".split('/')),
            Some(day(2025, 6, 26))
        );
        assert_eq!(from_segments("posts/2019/hello".split('/')), None);
        assert_eq!(from_segments("2019/13/40/x".split('/')), None);
    }
}
