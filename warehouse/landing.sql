-- Landing tables: validated rows as loaded by warehouse/load.py, keyed so that a re-run upserts in place.
-- They are the dbt sources of the SQL models (models/staging → core → marts, built by warehouse/build.py).
create schema if not exists landing;

create table if not exists landing.postings (
    posting_id varchar primary key,
    source varchar not null,
    title varchar,
    description varchar,
    rome_code varchar,
    rome_label varchar,
    department varchar,
    city varchar,
    commune_code varchar,
    latitude double,
    longitude double,
    employer varchar,
    contract_type varchar,
    experience_required varchar,
    created_at timestamp,
    updated_at timestamp,
    url varchar,
    is_digital_job boolean,
    duplicate_group varchar,
    first_seen_on date,
    last_seen_on date
);
-- content_hash: of the record loaded (an unchanged record is not processed again, only seen);
-- closed_on: the night a complete crawl of its source no longer returned it (last_seen_on is its last day).
alter table landing.postings add column if not exists content_hash varchar;
alter table landing.postings add column if not exists closed_on date;
-- repost_key: folded title | employer | department; re-posts are looked for among postings of the same key.
alter table landing.postings add column if not exists repost_key varchar;
-- loaded_at: when this version was loaded (new or changed); incremental models read what is newer.
alter table landing.postings add column if not exists loaded_at timestamp;
-- processed_with: transforms/delta.py processing_version() of the load (another version is processed again).
alter table landing.postings add column if not exists processed_with varchar;
-- The offered salary (transforms/salary.py) and the employer's sector (NAF division).
alter table landing.postings add column if not exists salary_min double;
alter table landing.postings add column if not exists salary_max double;
alter table landing.postings add column if not exists salary_period varchar;
alter table landing.postings add column if not exists salary_currency varchar;
alter table landing.postings add column if not exists sector_code varchar;
alter table landing.postings add column if not exists sector_label varchar;

-- The MinHash/LSH buckets of each posting's description (transforms/deduplicate.py): a new posting is compared
-- with the postings sharing one of its buckets. Replaced with its posting; no key index (12 rows a posting).
create table if not exists landing.posting_buckets (
    posting_id varchar,
    bucket bigint
);
-- place: the place part of the posting's re-post key; candidates share a bucket at the same place.
alter table landing.posting_buckets add column if not exists place varchar;

create table if not exists landing.trainings (
    training_id varchar primary key,
    source varchar not null,
    title varchar,
    provider varchar,
    certification varchar,
    qualification_level varchar,
    department varchar,
    city varchar,
    url varchar,
    is_active boolean,
    unit_count integer,
    first_seen_on date,
    last_seen_on date
);
alter table landing.trainings add column if not exists content_hash varchar;
alter table landing.trainings add column if not exists closed_on date;
alter table landing.trainings add column if not exists processed_with varchar;
-- What a programme leads to and where it is taught (transforms/trainings.py): national_level on the 1–8 scale.
alter table landing.trainings add column if not exists national_level integer;
alter table landing.trainings add column if not exists rome_codes varchar[];
alter table landing.trainings add column if not exists nsf_codes varchar[];
alter table landing.trainings add column if not exists formacodes varchar[];
alter table landing.trainings add column if not exists certifiers varchar[];
alter table landing.trainings add column if not exists commune_code varchar;
alter table landing.trainings add column if not exists session_start date;
alter table landing.trainings add column if not exists session_end date;
-- RNCP/RS status and links, validity, partners (JSON list); LHEO provider SIRET, hours, modalities, funders and
-- sessions (JSON list); ONISEP diploma type and duration (transforms/trainings.py). JSON lists are unnested by
-- the staging models stg_catalogues__training_sessions and stg_catalogues__certification_partners.
alter table landing.trainings add column if not exists status varchar;
alter table landing.trainings add column if not exists replaces varchar[];
alter table landing.trainings add column if not exists replaced_by varchar[];
alter table landing.trainings add column if not exists registered_on date;
alter table landing.trainings add column if not exists registered_until date;
alter table landing.trainings add column if not exists awarded_until date;
alter table landing.trainings add column if not exists partners varchar;
alter table landing.trainings add column if not exists provider_siret varchar;
alter table landing.trainings add column if not exists duration_hours double;
alter table landing.trainings add column if not exists modalities varchar[];
alter table landing.trainings add column if not exists funders varchar[];
alter table landing.trainings add column if not exists sessions varchar;
alter table landing.trainings add column if not exists diploma varchar;
alter table landing.trainings add column if not exists duration_label varchar;

create table if not exists landing.training_units (
    training_id varchar,
    unit_id varchar,
    kind varchar,
    label varchar,
    text varchar,
    primary key (training_id, unit_id)
);

-- The mention tables have no primary key: an index over tens of millions of mentions is held in memory by the
-- transaction that loads a night (a national first night failed out of memory on it). Their grain (document,
-- unit, concept, start) is kept by the load (a document's mentions replaced whole, duplicates of a chunk dropped:
-- warehouse/load.py) and tested by dbt (stg_extraction__*_mentions).
create table if not exists landing.posting_mentions (
    posting_id varchar,
    unit_id varchar,
    concept_id varchar,
    kind varchar,
    start_offset integer,
    end_offset integer,
    surface varchar,
    requirement varchar
);

-- in_company_presentation: the mention lies in the employer's or recruiter's own presentation (not a demand).
alter table landing.posting_mentions add column if not exists in_company_presentation boolean;

create table if not exists landing.training_mentions (
    training_id varchar,
    unit_id varchar,
    concept_id varchar,
    kind varchar,
    start_offset integer,
    end_offset integer,
    surface varchar,
    requirement varchar
);
alter table landing.training_mentions add column if not exists in_company_presentation boolean;

create table if not exists landing.taxonomy_concepts (
    concept_id varchar primary key,
    level varchar,
    label_fr varchar,
    label_en varchar,
    category varchar,
    esco_uri varchar,
    rome_codes varchar[]
);

create table if not exists landing.taxonomy_skill_areas (
    skill_id varchar,
    area_id varchar,
    primary key (skill_id, area_id)
);
-- weight: how much one mention of the skill says of the area (Skill.area_weight in transforms/skills/taxonomy.py).
alter table landing.taxonomy_skill_areas add column if not exists weight double;

-- One row per refused record and reason; run_id/run_date: the first run that refused it. Every run that
-- refused it again is in landing.quarantine_refusals ("what did last night refuse" joins the two).
create table if not exists landing.quarantine (
    quarantine_key varchar primary key,
    run_id varchar,
    run_date date,
    source varchar,
    record_id varchar,
    stage varchar,
    reason varchar,
    payload varchar
);

create table if not exists landing.quarantine_refusals (
    quarantine_key varchar,
    run_id varchar,
    run_date date,
    primary key (quarantine_key, run_id)
);

-- A version of a record refused whatever the night (transforms/delta.py `refused_for_good`): the same content,
-- under the same processing version and region (processed_with: transforms/delta.py `refusal_context`), is
-- refused again with these quarantine rows without being parsed, extracted or validated again.
create table if not exists landing.refused_versions (
    source varchar,
    document_id varchar,
    content_hash varchar,
    processed_with varchar,
    quarantine_key varchar,
    primary key (source, document_id, content_hash, processed_with, quarantine_key)
);

-- One row per run, whatever happened: status complete (every configured source loaded whole), partial
-- (some source failed or lost pages; the others loaded) or failed (nothing loaded); summary: the run summary.
create table if not exists landing.runs (
    run_id varchar primary key,
    run_date date,
    started_at timestamp,
    finished_at timestamp,
    status varchar,
    summary json
);

-- One row per run and source: what it collected, loaded and refused, or why it failed or was skipped.
create table if not exists landing.run_sources (
    run_id varchar,
    source varchar,
    status varchar,
    reason varchar,
    origin varchar,
    collected integer,
    lost_pages integer,
    loaded integer,
    quarantined integer,
    primary key (run_id, source)
);
alter table landing.run_sources add column if not exists unchanged integer;  -- seen again, not processed
alter table landing.run_sources add column if not exists closed integer;  -- no longer returned: closed
-- Of the valid new or changed documents: new to the warehouse, or changed; postings regrouped as re-posts;
-- skill mentions found in tonight's new or changed documents (flows/summary.py).
alter table landing.run_sources add column if not exists new_documents integer;
alter table landing.run_sources add column if not exists changed_documents integer;
alter table landing.run_sources add column if not exists regrouped integer;
alter table landing.run_sources add column if not exists skill_mentions integer;

create table if not exists landing.referential_items (
    referential varchar,
    code varchar,
    label varchar
);

create table if not exists landing.referential_links (
    referential varchar,
    code varchar,
    label varchar,
    concept_id varchar,
    match varchar,
    primary key (referential, code, concept_id)
);

-- What the last build of the SQL models derived its incremental models from (warehouse/build.py): a change
-- of fingerprint rebuilds them whole.
create table if not exists landing.build_state (
    key varchar primary key,
    value varchar
);

-- The jobs (re-post groups, duplicate_group) each load touched: the groups its new or changed postings left and
-- joined, and every group whose members the re-post regrouping moved (warehouse/reposts.py). The incremental job
-- models (core.job_skills) rebuild only these jobs. A log: a job appears once per load that touched it.
create table if not exists landing.job_changes (
    job_id varchar not null,
    changed_at timestamp not null
);

-- The last night each source was listed completely (every active record returned, the others closed):
-- observatory/listing.py lists only new records in between when the crawl mode allows it.
create table if not exists landing.source_listings (
    source varchar primary key,
    complete_on date
);

-- Quality over time (expectations/results.py): one row per run, source, suite and expectation. Row-level
-- suites (postings, trainings, mentions) summed over the night's chunks; suite `batch` holds the batch-level
-- checks of each source (volume, freshness, postings without a skill, missing fields). observed_value: the
-- measured value of a batch check (a count or a share); unexpected_sample: a JSON list of a few failing
-- values, redacted of personal data and cut short.
create table if not exists landing.quality_results (
    run_id varchar,
    run_date date,
    source varchar,
    suite varchar,
    expectation varchar,
    column_name varchar,
    success boolean,
    element_count bigint,
    unexpected_count bigint,
    observed_value double,
    unexpected_sample varchar,
    detail varchar,
    primary key (run_id, source, suite, expectation, column_name)
);
