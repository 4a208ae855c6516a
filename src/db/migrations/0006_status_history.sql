-- "Status worsened" early warnings: an indicator's status at its latest
-- validated period (status, latest_period) and at the validated period before
-- it (previous_status, previous_period), both computed by the domain's status
-- rules from the validated values; null when there is no earlier period or
-- the kind has no status per period (milestones, evidence).
alter table indicator_figure
  add column previous_status text
    check (previous_status in ('on_track', 'at_risk', 'off_track', 'done', 'no_data')),
  add column previous_period text;

alter table alert drop constraint alert_rule_check;
alter table alert add constraint alert_rule_check check (rule in
  ('milestone_missed', 'report_overdue', 'item_overdue', 'forecast_miss', 'budget_lagging',
   'status_worsened'));
