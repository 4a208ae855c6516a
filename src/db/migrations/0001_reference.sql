-- Reference data shipped with the code: Chile's political-administrative
-- division (CUT codes), the SDGs and the funding-source catalogue. Shared by all
-- municipalities; filled by the reference-data sync, not by migrations.

create table region (
  code text primary key check (code ~ '^\d{2}$'),
  name text not null,
  roman_numeral text not null,
  sort integer not null
);

create table province (
  code text primary key check (code ~ '^\d{3}$'),
  name text not null,
  region_code text not null references region (code)
);

create table comuna (
  cut_code text primary key check (cut_code ~ '^\d{5}$'),
  name text not null,
  province_code text not null references province (code),
  region_code text not null references region (code)
);

create table sdg_goal (
  number integer primary key check (number between 1 and 17),
  short_title text not null,
  title text not null,
  color text not null
);

create table sdg_target (
  code text primary key check (code ~ '^\d{1,2}\.[0-9a-z]{1,2}$'),
  goal_number integer not null references sdg_goal (number),
  title text not null,
  sort integer not null
);

create table funding_source (
  code text primary key check (code ~ '^[a-z_]+$'),
  name text not null,
  description text not null,
  sort integer not null
);
