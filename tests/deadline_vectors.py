"""Hand-checked deadline vectors for GDPR Art. 12(3) counted by Regulation 1182/71.

Every row was worked out by hand against a calendar and the official public-holiday lists
(DK: Nytår, Skærtorsdag, Langfredag, Påske, 2. påskedag, Store Bededag until 2023, Kr. Himmelfart,
Pinse, 2. pinsedag, Jul, 2. juledag; SE: Nyår, Trettondedag jul 6/1, Långfredag, Påsk, Annandag påsk,
1 maj, Kristi himmelsfärd, Pingst, Nationaldag 6/6, Midsommardagen (Sat), Alla helgons dag (Sat),
Jul, Annandag jul). Each comment gives the reasoning:
  receipt (+ local-date shift) -> raw end date (clamped) [+ pause] -> rolled over weekend/holidays.

`received` is either YYYY-MM-DD or an ISO 8601 date-time with offset, exactly as the CLI takes it.
"""

from __future__ import annotations

from typing import NamedTuple


class Vector(NamedTuple):
    """One expected result: country, receipt, paused days, deadline, extended deadline, and why."""

    country: str
    received: str
    paused_days: int
    deadline: str
    extended_deadline: str
    why: str


VECTORS: tuple[Vector, ...] = (
    # ---- Vectors given in the brief -------------------------------------------------------------
    # 9 Mar + 1 m = Wed 9 Apr. +3 m = Mon 9 Jun 2025 = Whit Monday (DK) -> Tue 10 Jun.
    Vector("DK", "2025-03-09", 0, "2025-04-09", "2025-06-10", "brief: Whit Monday rolls extension"),
    # 5 Apr 2025 is a Saturday -> Mon 7 Apr. +3 m = Thu 5 Jun (6 Jun is SE National Day, 5 Jun isn't).
    Vector("SE", "2025-03-05", 0, "2025-04-07", "2025-06-05", "brief: EDPB 5 March example, Saturday"),
    # 31 Aug + 1 m: 31 Sep does not exist -> Tue 30 Sep. +3 m: 31 Nov -> Sun 30 Nov -> Mon 1 Dec.
    Vector("DK", "2025-08-31", 0, "2025-09-30", "2025-12-01", "brief: EDPB 31 August example, clamp"),
    # 2028 is a leap year: 31 Jan + 1 m = Tue 29 Feb. +3 m = Sun 30 Apr -> Mon 1 May (not public in DK).
    Vector("DK", "2028-01-31", 0, "2028-02-29", "2028-05-01", "brief: leap-year clamp; 1 May DK work"),
    # +1 m = Thu 17 Apr 2025 Maundy Thu (DK), Fri Good Fri, Sat, Sun Easter, Mon Easter Mon -> Tue 22.
    Vector("DK", "2025-03-17", 0, "2025-04-22", "2025-06-17", "brief: Danish Easter run from Maundy Thu"),
    # Same receipt in Sweden: Maundy Thursday 17 Apr is a working day there.
    Vector("SE", "2025-03-17", 0, "2025-04-17", "2025-06-17", "brief: Maundy Thursday works in SE"),
    # 23:30 UTC 31 Jan = 00:30 1 Feb CET. 1 Feb + 1 m = Sat 1 Mar -> Mon 3 Mar. +3 m = Thu 1 May (DK work).
    Vector("DK", "2025-01-31T23:30:00+00:00", 0, "2025-03-03", "2025-05-01", "brief: UTC->CPH date shift"),
    # ---- Month-end clamping and the extension from the receipt (not from the one-month date) ---------
    # 2025 not leap: 31 Jan + 1 m -> Fri 28 Feb. +3 m = Wed 30 Apr (31 Apr does not exist).
    Vector("DK", "2025-01-31", 0, "2025-02-28", "2025-04-30", "non-leap clamp to 28 Feb"),
    # 2024 leap: 31 Jan + 1 m -> Thu 29 Feb. +3 m -> Tue 30 Apr.
    Vector("DK", "2024-01-31", 0, "2024-02-29", "2024-04-30", "leap clamp to 29 Feb"),
    # 29 Jan 2025 + 1 m -> Fri 28 Feb (clamped); +3 m = Tue 29 Apr, NOT (28 Feb + 2 m) = 28 Apr.
    Vector("DK", "2025-01-29", 0, "2025-02-28", "2025-04-29", "29th: receipt+3m != (receipt+1m)+2m"),
    # 30 Jan 2025 + 1 m -> Fri 28 Feb; +3 m = Wed 30 Apr, NOT 28 Apr.
    Vector("DK", "2025-01-30", 0, "2025-02-28", "2025-04-30", "30th: receipt+3m != (receipt+1m)+2m"),
    # 30 Jan 2024 + 1 m -> Thu 29 Feb (leap); +3 m = Tue 30 Apr, NOT 29 Apr.
    Vector("SE", "2024-01-30", 0, "2024-02-29", "2024-04-30", "30th leap: extension from receipt"),
    # 31 Dec + 1 m = Sat 31 Jan 2026 -> Mon 2 Feb. +3 m = Tue 31 Mar, NOT rolled 2 Feb + 2 m = 2 Apr.
    Vector("DK", "2025-12-31", 0, "2026-02-02", "2026-03-31", "31st: never extend the rolled date"),
    # 30 Nov + 1 m = Tue 30 Dec. +3 m: 30 Feb 2026 -> Sat 28 Feb -> Sun -> Mon 2 Mar.
    Vector("SE", "2025-11-30", 0, "2025-12-30", "2026-03-02", "extension clamps to Feb then rolls"),
    # 30 Nov 2024 + 1 m = Mon 30 Dec. +3 m: 30 Feb 2025 -> Fri 28 Feb.
    Vector("SE", "2024-11-30", 0, "2024-12-30", "2025-02-28", "extension clamps to 28 Feb, working"),
    # 29 Nov 2027 + 3 m = Tue 29 Feb 2028 exists (leap), no clamp. +1 m = Wed 29 Dec.
    Vector("DK", "2027-11-29", 0, "2027-12-29", "2028-02-29", "29 Feb exists in a leap year"),
    # 31 May 2024 + 1 m -> Sun 30 Jun -> Mon 1 Jul. +3 m = Sat 31 Aug -> Mon 2 Sep.
    Vector("DK", "2024-05-31", 0, "2024-07-01", "2024-09-02", "clamp to a Sunday, then roll"),
    # 31 Oct + 1 m -> Sun 30 Nov -> Mon 1 Dec. +3 m = Sat 31 Jan 2026 -> Mon 2 Feb.
    Vector("DK", "2025-10-31", 0, "2025-12-01", "2026-02-02", "clamp + weekend in both periods"),
    # Leap day receipt: 29 Feb 2024 + 1 m = Fri 29 Mar Good Friday, Sat, Sun Easter, Mon 1 Apr Easter
    # Monday -> Tue 2 Apr. +3 m = Wed 29 May.
    Vector("DK", "2024-02-29", 0, "2024-04-02", "2024-05-29", "leap-day receipt into Easter"),
    # ---- Christmas / New Year -----------------------------------------------------------------------
    # 30 Nov 2023 + 1 m = Sat 30 Dec, Sun 31 Dec, Mon 1 Jan (holiday) -> Tue 2 Jan 2024.
    # +3 m: 30 Feb 2024 -> Thu 29 Feb (leap).
    Vector("DK", "2023-11-30", 0, "2024-01-02", "2024-02-29", "weekend + New Year run"),
    # +1 m = Thu 25 Dec, Fri 26 Dec, Sat, Sun -> Mon 29 Dec. +3 m = Wed 25 Feb 2026.
    Vector("DK", "2025-11-25", 0, "2025-12-29", "2026-02-25", "DK Christmas run"),
    # Same in Sweden (Juldagen, Annandag jul).
    Vector("SE", "2025-11-25", 0, "2025-12-29", "2026-02-25", "SE Christmas run"),
    # +1 m = Wed 24 Dec: Christmas Eve is not a public holiday -> stays (caution note). +3 m Tue 24 Feb.
    Vector("DK", "2025-11-24", 0, "2025-12-24", "2026-02-24", "DK Christmas Eve is not public"),
    # Same in Sweden: Julafton is not a public holiday.
    Vector("SE", "2025-11-24", 0, "2025-12-24", "2026-02-24", "SE Christmas Eve is not public"),
    # Raw 30 Dec + 1 paused day = Wed 31 Dec: New Year's Eve is not public -> stays.
    # Extended: 28 Feb 2026 (clamped) + 1 = Sun 1 Mar -> Mon 2 Mar.
    Vector("DK", "2025-11-30", 1, "2025-12-31", "2026-03-02", "DK New Year's Eve not public (paused)"),
    # +1 m = Thu 1 Jan 2026 New Year's Day -> Fri 2 Jan. +3 m = Sun 1 Mar -> Mon 2 Mar.
    Vector("SE", "2025-12-01", 0, "2026-01-02", "2026-03-02", "SE New Year's Day"),
    # +1 m = Wed 1 Jan 2025 -> Thu 2 Jan. +3 m = Sat 1 Mar -> Mon 3 Mar.
    Vector("DK", "2024-12-01", 0, "2025-01-02", "2025-03-03", "DK New Year's Day"),
    # Receipt on Christmas Day itself: the receipt day is not counted, holiday or not.
    # +1 m = Sun 25 Jan 2026 -> Mon 26 Jan. +3 m = Wed 25 Mar.
    Vector("DK", "2025-12-25", 0, "2026-01-26", "2026-03-25", "receipt on a holiday is fine"),
    # ---- 6 January (SE only) ------------------------------------------------------------------------
    # +1 m = Tue 6 Jan 2026, Epiphany in SE -> Wed 7 Jan. +3 m = Fri 6 Mar.
    Vector("SE", "2025-12-06", 0, "2026-01-07", "2026-03-06", "SE Epiphany 6 Jan"),
    # Same in Denmark: 6 Jan is an ordinary working day.
    Vector("DK", "2025-12-06", 0, "2026-01-06", "2026-03-06", "6 Jan is no DK holiday"),
    # +1 m = Mon 6 Jan 2025 Epiphany (SE) -> Tue 7 Jan. +3 m = Thu 6 Mar.
    Vector("SE", "2024-12-06", 0, "2025-01-07", "2025-03-06", "SE Epiphany on a Monday"),
    # ---- Easter ---------------------------------------------------------------------------------------
    # +1 m = Fri 18 Apr 2025 Good Friday, Sat, Sun Easter, Mon Easter Monday -> Tue 22 Apr. +3 m Wed 18 Jun.
    Vector("DK", "2025-03-18", 0, "2025-04-22", "2025-06-18", "DK Good Friday run"),
    # Same in Sweden (Långfredag, Annandag påsk).
    Vector("SE", "2025-03-18", 0, "2025-04-22", "2025-06-18", "SE Good Friday run"),
    # +1 m = Mon 21 Apr 2025 Easter Monday -> Tue 22 Apr. +3 m = Sat 21 Jun (SE Midsummer Day) -> Mon 23.
    Vector("SE", "2025-03-21", 0, "2025-04-22", "2025-06-23", "SE Easter Monday; Midsummer Day Sat"),
    # 2024: +1 m = Thu 28 Mar Maundy Thu (DK), Good Fri, Sat, Easter Sun, Easter Mon 1 Apr -> Tue 2 Apr.
    # +3 m = Tue 28 May.
    Vector("DK", "2024-02-28", 0, "2024-04-02", "2024-05-28", "DK Maundy Thursday 2024"),
    # Same receipt in Sweden: Thu 28 Mar 2024 is a working day.
    Vector("SE", "2024-02-28", 0, "2024-03-28", "2024-05-28", "SE Maundy Thursday works 2024"),
    # 2026: +1 m = Thu 2 Apr Maundy Thu, 3 Good Fri, 4 Sat, 5 Easter, 6 Easter Mon -> Tue 7 Apr.
    # +3 m = Tue 2 Jun.
    Vector("DK", "2026-03-02", 0, "2026-04-07", "2026-06-02", "DK Easter 2026"),
    # Same in Sweden: Thu 2 Apr 2026 is a working day.
    Vector("SE", "2026-03-02", 0, "2026-04-02", "2026-06-02", "SE Maundy Thursday 2026"),
    # ---- Ascension ------------------------------------------------------------------------------------
    # +1 m = Thu 29 May 2025 Ascension -> Fri 30 May. +3 m = Tue 29 Jul.
    Vector("DK", "2025-04-29", 0, "2025-05-30", "2025-07-29", "DK Ascension 2025"),
    # Same in Sweden (Kristi himmelsfärds dag).
    Vector("SE", "2025-04-29", 0, "2025-05-30", "2025-07-29", "SE Ascension 2025"),
    # +1 m = Thu 14 May 2026 Ascension -> Fri 15 May. +3 m = Tue 14 Jul.
    Vector("DK", "2026-04-14", 0, "2026-05-15", "2026-07-14", "DK Ascension 2026"),
    # ---- Whit Monday (DK only) ------------------------------------------------------------------------
    # +1 m = Mon 9 Jun 2025 Whit Monday (DK) -> Tue 10 Jun. +3 m = Sat 9 Aug -> Mon 11 Aug.
    Vector("DK", "2025-05-09", 0, "2025-06-10", "2025-08-11", "DK Whit Monday"),
    # Same in Sweden: Annandag pingst has not been a holiday since 2005.
    Vector("SE", "2025-05-09", 0, "2025-06-09", "2025-08-11", "Whit Monday works in SE"),
    # +1 m = Mon 25 May 2026 Whit Monday -> Tue 26 May. +3 m = Sat 25 Jul -> Mon 27 Jul.
    Vector("DK", "2026-04-25", 0, "2026-05-26", "2026-07-27", "DK Whit Monday 2026"),
    # Same in Sweden: Mon 25 May 2026 is a working day.
    Vector("SE", "2026-04-25", 0, "2026-05-25", "2026-07-27", "Whit Monday 2026 works in SE"),
    # ---- 1 May (SE only) ------------------------------------------------------------------------------
    # +1 m = Thu 1 May 2025 May Day (SE) -> Fri 2 May. +3 m = Tue 1 Jul.
    Vector("SE", "2025-04-01", 0, "2025-05-02", "2025-07-01", "SE 1 May"),
    # Same in Denmark: 1 May is only in the package's `optional` category -> stays.
    Vector("DK", "2025-04-01", 0, "2025-05-01", "2025-07-01", "1 May is not public in DK"),
    # +1 m = Fri 1 May 2026 (SE) -> Sat, Sun -> Mon 4 May. +3 m = Wed 1 Jul.
    Vector("SE", "2026-04-01", 0, "2026-05-04", "2026-07-01", "SE 1 May on a Friday"),
    # 2028: +3 m = Sun 30 Apr (clamped) -> Mon 1 May = May Day in SE -> Tue 2 May.
    Vector("SE", "2028-01-31", 0, "2028-02-29", "2028-05-02", "SE extension rolls over 1 May"),
    # ---- 6 June (SE National Day) and DK 5 June ---------------------------------------------------------
    # +1 m = Fri 6 Jun 2025 National Day, Sat 7, Sun 8 Pentecost -> Mon 9 (no Whit Monday in SE).
    # +3 m = Wed 6 Aug.
    Vector("SE", "2025-05-06", 0, "2025-06-09", "2025-08-06", "SE National Day then Pentecost"),
    # Same in Denmark: Fri 6 Jun is a working day.
    Vector("DK", "2025-05-06", 0, "2025-06-06", "2025-08-06", "6 June is no DK holiday"),
    # +1 m = Thu 6 Jun 2024 National Day -> Fri 7 Jun. +3 m = Tue 6 Aug.
    Vector("SE", "2024-05-06", 0, "2024-06-07", "2024-08-06", "SE National Day 2024"),
    # +1 m = Thu 5 Jun 2025 Grundlovsdag: not a public holiday -> stays (caution). +3 m = Tue 5 Aug.
    Vector("DK", "2025-05-05", 0, "2025-06-05", "2025-08-05", "DK Constitution Day not public"),
    # ---- Midsummer (SE) ---------------------------------------------------------------------------------
    # +1 m = Sat 21 Jun 2025 Midsummer Day (holiday on a Saturday), Sun -> Mon 23 Jun. +3 m = Thu 21 Aug.
    Vector("SE", "2025-05-21", 0, "2025-06-23", "2025-08-21", "SE Midsummer Day (Saturday)"),
    # +1 m = Fri 20 Jun 2025 Midsummer Eve: not public -> stays (caution). +3 m = Wed 20 Aug.
    Vector("SE", "2025-05-20", 0, "2025-06-20", "2025-08-20", "SE Midsummer Eve not public"),
    # Same in Denmark: an ordinary Friday.
    Vector("DK", "2025-05-20", 0, "2025-06-20", "2025-08-20", "DK 20 June ordinary"),
    # +1 m = Sun 19 Apr 2026 -> Mon 20 Apr. +3 m = Fri 19 Jun 2026 Midsummer Eve -> stays (caution).
    Vector("SE", "2026-03-19", 0, "2026-04-20", "2026-06-19", "SE Midsummer Eve on the extension"),
    # ---- Store Bededag (DK, abolished from 2024) -----------------------------------------------------
    # +1 m = Fri 5 May 2023 Store Bededag -> Sat, Sun -> Mon 8 May. +3 m = Wed 5 Jul.
    Vector("DK", "2023-04-05", 0, "2023-05-08", "2023-07-05", "Store Bededag 2023 still a holiday"),
    # Same in Sweden: Fri 5 May 2023 is a working day.
    Vector("SE", "2023-04-05", 0, "2023-05-05", "2023-07-05", "no Store Bededag in SE"),
    # +1 m = Fri 13 May 2022 Store Bededag -> Mon 16 May. +3 m = Wed 13 Jul.
    Vector("DK", "2022-04-13", 0, "2022-05-16", "2022-07-13", "Store Bededag 2022"),
    # +1 m = Fri 26 Apr 2024: would have been Store Bededag (4th Fri after Easter 31 Mar) but it was
    # abolished from 2024 -> stays. +3 m = Wed 26 Jun.
    Vector("DK", "2024-03-26", 0, "2024-04-26", "2024-06-26", "Store Bededag abolished 2024"),
    # ---- DST transitions (Europe/Copenhagen, Europe/Stockholm) ------------------------------------------
    # Last Sunday of March 2025 = 30 Mar; 23:30 UTC = 01:30 CEST on Mon 31 Mar.
    # 31 Mar + 1 m -> Wed 30 Apr (clamped). +3 m = Mon 30 Jun.
    Vector("DK", "2025-03-30T23:30:00+00:00", 0, "2025-04-30", "2025-06-30", "DST start, 23:30 UTC"),
    # Last Sunday of March 2024 = 31 Mar; 22:30 UTC = 00:30 CEST on Mon 1 Apr (with CET it would still
    # be 31 Mar). 1 Apr + 1 m = Wed 1 May (DK work day). +3 m = Mon 1 Jul.
    Vector("DK", "2024-03-31T22:30:00+00:00", 0, "2024-05-01", "2024-07-01", "DST start: CEST offset"),
    # Same instant in Sweden: 1 May is May Day -> Thu 2 May.
    Vector("SE", "2024-03-31T22:30:00+00:00", 0, "2024-05-02", "2024-07-01", "SE DST start + 1 May"),
    # Last Sunday of October 2025 = 26 Oct; 23:30 UTC = 00:30 CET on Mon 27 Oct.
    # +1 m = Thu 27 Nov. +3 m = Tue 27 Jan 2026.
    Vector("DK", "2025-10-26T23:30:00+00:00", 0, "2025-11-27", "2026-01-27", "DST end, 23:30 UTC"),
    # 22:30 UTC on 26 Oct 2025 = 23:30 CET, still Sun 26 Oct (with CEST it would be 27 Oct).
    # +1 m = Wed 26 Nov. +3 m = Mon 26 Jan 2026.
    Vector("DK", "2025-10-26T22:30:00+00:00", 0, "2025-11-26", "2026-01-26", "DST end: CET offset"),
    # 22:30 UTC on Sat 25 Oct 2025 = 00:30 CEST on Sun 26 Oct. +1 m = Wed 26 Nov. +3 m = Mon 26 Jan.
    Vector("SE", "2025-10-25T22:30:00+00:00", 0, "2025-11-26", "2026-01-26", "SE before DST end"),
    # ---- Time-zone date shifts ----------------------------------------------------------------------------
    # 22:30 UTC 31 Mar 2025 = 00:30 CEST 1 Apr in Stockholm. +1 m = Thu 1 May (SE) -> Fri 2 May.
    # +3 m = Tue 1 Jul.
    Vector("SE", "2025-03-31T22:30:00+00:00", 0, "2025-05-02", "2025-07-01", "SE tz shift into 1 May"),
    # 23:30 UTC 31 Dec 2025 = 00:30 1 Jan 2026 in Stockholm. +1 m = Sun 1 Feb -> Mon 2 Feb.
    # +3 m = Wed 1 Apr.
    Vector("SE", "2025-12-31T23:30:00+00:00", 0, "2026-02-02", "2026-04-01", "SE tz shift over New Year"),
    # 23:00 at UTC-5 on 5 Jun 2025 = 06:00 CEST 6 Jun. +1 m = Sun 6 Jul -> Mon 7 Jul.
    # +3 m = Sat 6 Sep -> Mon 8 Sep.
    Vector("SE", "2025-06-05T23:00:00-05:00", 0, "2025-07-07", "2025-09-08", "negative offset shift"),
    # 00:30 at +03:00 on 1 Feb 2025 = 22:30 CET 31 Jan: the local date goes BACK a day.
    # 31 Jan + 1 m -> Fri 28 Feb. +3 m -> Wed 30 Apr.
    Vector("DK", "2025-02-01T00:30:00+03:00", 0, "2025-02-28", "2025-04-30", "shift back a day"),
    # 00:30 at +01:00 on 1 Feb 2025 is already Copenhagen time: no shift. Sat 1 Mar -> Mon 3 Mar.
    Vector("DK", "2025-02-01T00:30:00+01:00", 0, "2025-03-03", "2025-05-01", "local offset, no shift"),
    # ---- Pauses (EDPB §159) --------------------------------------------------------------------------------
    # Raw 9 Apr + 3 = Sat 12 Apr -> Mon 14 Apr. Extended raw 9 Jun + 3 = Thu 12 Jun (not rolled 10 Jun + 3).
    Vector("DK", "2025-03-09", 3, "2025-04-14", "2025-06-12", "pause onto a weekend"),
    # Raw 14 Apr + 3 = Thu 17 Apr Maundy Thu (DK) ... Easter Mon -> Tue 22 Apr.
    # Extended raw Sat 14 Jun + 3 = Tue 17 Jun.
    Vector("DK", "2025-03-14", 3, "2025-04-22", "2025-06-17", "pause into DK Easter"),
    # Same in Sweden: Thu 17 Apr is a working day.
    Vector("SE", "2025-03-14", 3, "2025-04-17", "2025-06-17", "pause lands on SE Maundy Thursday"),
    # Raw 28 Feb (clamped) + 1 = Sat 1 Mar -> Mon 3 Mar. Extended raw 30 Apr + 1 = Thu 1 May (DK work).
    Vector("DK", "2025-01-31", 1, "2025-03-03", "2025-05-01", "pause after clamp, DK"),
    # Same in Sweden: extended Thu 1 May is May Day -> Fri 2 May.
    Vector("SE", "2025-01-31", 1, "2025-03-03", "2025-05-02", "pause after clamp, SE 1 May"),
    # Raw Sat 20 Dec + 5 = Thu 25 Dec, Fri 26 Dec, Sat, Sun -> Mon 29 Dec.
    # Extended raw Fri 20 Feb 2026 + 5 = Wed 25 Feb.
    Vector("DK", "2025-11-20", 5, "2025-12-29", "2026-02-25", "pause into Christmas"),
    # Raw Wed 9 Apr + 30 = Fri 9 May. Extended raw 9 Jun + 30 = Wed 9 Jul.
    Vector("DK", "2025-03-09", 30, "2025-05-09", "2025-07-09", "long pause, both from raw dates"),
    # ---- Plain cases ----------------------------------------------------------------------------------------
    # +1 m = Mon 30 Jun 2025 (31 Jun does not exist -> clamp). +3 m = Sun 31 Aug -> Mon 1 Sep.
    Vector("DK", "2025-05-31", 0, "2025-06-30", "2025-09-01", "clamp to 30 Jun; extension on Sunday"),
    # +1 m = Sat 1 Nov 2025 All Saints' Day (SE, on a Saturday), Sun -> Mon 3 Nov. +3 m = Thu 1 Jan 2026
    # New Year's Day -> Fri 2 Jan.
    Vector("SE", "2025-10-01", 0, "2025-11-03", "2026-01-02", "SE All Saints; New Year extension"),
)
