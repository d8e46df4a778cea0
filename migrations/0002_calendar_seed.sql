-- Reference calendars (PL-ORD-03) and the 2026 mainland China public holidays with make-up working days.
-- The 2026 dates follow the State Council General Office notice on the 2026 holiday arrangement
-- (国务院办公厅关于2026年部分节假日安排的通知). Operators MUST check them against the official notice
-- before relying on them, and can edit them at any time in the admin calendar view or through
-- PUT/DELETE /api/admin/calendars/{id}/days/{date}; each later year is added the same way.
-- Weekend dates inside a holiday block are listed as holidays too, which changes nothing.
INSERT INTO calendar (id, name, time_zone, weekly_hours, standard_day_minutes, is_default, service_use) VALUES
  ('cal_01K0000000000000000000CN58', '中国大陆 5×8（09:00–17:00）', 'Asia/Shanghai',
   '{"1":[["09:00","17:00"]],"2":[["09:00","17:00"]],"3":[["09:00","17:00"]],"4":[["09:00","17:00"]],"5":[["09:00","17:00"]],"6":[],"7":[]}'::jsonb,
   480, true, true),
  ('cal_01K00000000000000000007X24', '7×24', 'Asia/Shanghai',
   '{"1":[["00:00","24:00"]],"2":[["00:00","24:00"]],"3":[["00:00","24:00"]],"4":[["00:00","24:00"]],"5":[["00:00","24:00"]],"6":[["00:00","24:00"]],"7":[["00:00","24:00"]]}'::jsonb,
   1440, false, true);
--> statement-breakpoint
INSERT INTO calendar_day (calendar_id, date, kind, name) VALUES
  -- 元旦: 1 Jan (Thu) – 3 Jan off; Sun 4 Jan is a working day
  ('cal_01K0000000000000000000CN58', '2026-01-01', 'holiday', '元旦'),
  ('cal_01K0000000000000000000CN58', '2026-01-02', 'holiday', '元旦'),
  ('cal_01K0000000000000000000CN58', '2026-01-03', 'holiday', '元旦'),
  ('cal_01K0000000000000000000CN58', '2026-01-04', 'workday', '元旦调休上班'),
  -- 春节: 15 Feb (Sun) – 23 Feb off; Sat 14 Feb and Sat 28 Feb are working days
  ('cal_01K0000000000000000000CN58', '2026-02-14', 'workday', '春节调休上班'),
  ('cal_01K0000000000000000000CN58', '2026-02-15', 'holiday', '春节'),
  ('cal_01K0000000000000000000CN58', '2026-02-16', 'holiday', '春节'),
  ('cal_01K0000000000000000000CN58', '2026-02-17', 'holiday', '春节'),
  ('cal_01K0000000000000000000CN58', '2026-02-18', 'holiday', '春节'),
  ('cal_01K0000000000000000000CN58', '2026-02-19', 'holiday', '春节'),
  ('cal_01K0000000000000000000CN58', '2026-02-20', 'holiday', '春节'),
  ('cal_01K0000000000000000000CN58', '2026-02-21', 'holiday', '春节'),
  ('cal_01K0000000000000000000CN58', '2026-02-22', 'holiday', '春节'),
  ('cal_01K0000000000000000000CN58', '2026-02-23', 'holiday', '春节'),
  ('cal_01K0000000000000000000CN58', '2026-02-28', 'workday', '春节调休上班'),
  -- 清明节: 4 Apr (Sat) – 6 Apr off
  ('cal_01K0000000000000000000CN58', '2026-04-04', 'holiday', '清明节'),
  ('cal_01K0000000000000000000CN58', '2026-04-05', 'holiday', '清明节'),
  ('cal_01K0000000000000000000CN58', '2026-04-06', 'holiday', '清明节'),
  -- 劳动节: 1 May (Fri) – 5 May off; Sat 9 May is a working day
  ('cal_01K0000000000000000000CN58', '2026-05-01', 'holiday', '劳动节'),
  ('cal_01K0000000000000000000CN58', '2026-05-02', 'holiday', '劳动节'),
  ('cal_01K0000000000000000000CN58', '2026-05-03', 'holiday', '劳动节'),
  ('cal_01K0000000000000000000CN58', '2026-05-04', 'holiday', '劳动节'),
  ('cal_01K0000000000000000000CN58', '2026-05-05', 'holiday', '劳动节'),
  ('cal_01K0000000000000000000CN58', '2026-05-09', 'workday', '劳动节调休上班'),
  -- 端午节: 19 Jun (Fri) – 21 Jun off
  ('cal_01K0000000000000000000CN58', '2026-06-19', 'holiday', '端午节'),
  ('cal_01K0000000000000000000CN58', '2026-06-20', 'holiday', '端午节'),
  ('cal_01K0000000000000000000CN58', '2026-06-21', 'holiday', '端午节'),
  -- 中秋节: 25 Sep (Fri) – 27 Sep off
  ('cal_01K0000000000000000000CN58', '2026-09-25', 'holiday', '中秋节'),
  ('cal_01K0000000000000000000CN58', '2026-09-26', 'holiday', '中秋节'),
  ('cal_01K0000000000000000000CN58', '2026-09-27', 'holiday', '中秋节'),
  -- 国庆节: 1 Oct (Thu) – 7 Oct off; Sun 20 Sep and Sat 10 Oct are working days
  ('cal_01K0000000000000000000CN58', '2026-09-20', 'workday', '国庆节调休上班'),
  ('cal_01K0000000000000000000CN58', '2026-10-01', 'holiday', '国庆节'),
  ('cal_01K0000000000000000000CN58', '2026-10-02', 'holiday', '国庆节'),
  ('cal_01K0000000000000000000CN58', '2026-10-03', 'holiday', '国庆节'),
  ('cal_01K0000000000000000000CN58', '2026-10-04', 'holiday', '国庆节'),
  ('cal_01K0000000000000000000CN58', '2026-10-05', 'holiday', '国庆节'),
  ('cal_01K0000000000000000000CN58', '2026-10-06', 'holiday', '国庆节'),
  ('cal_01K0000000000000000000CN58', '2026-10-07', 'holiday', '国庆节'),
  ('cal_01K0000000000000000000CN58', '2026-10-10', 'workday', '国庆节调休上班');
