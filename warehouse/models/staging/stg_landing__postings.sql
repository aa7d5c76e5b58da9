-- One row per posting of every posting source (France Travail, job boards and career sites), the latest version
-- loaded. Grain: posting_id. The sources are those of observatory/sources.py (dbt var posting_sources).
with source as (
    select * from {{ source('landing', 'postings') }}
    where source in (
        {%- for name in var('posting_sources') %}'{{ name }}'{{ ',' if not loop.last }}{% endfor -%}
    )
),

renamed as (
    select
        posting_id,
        source,
        title,
        description,
        rome_code,
        rome_label,
        department,
        city,
        commune_code,
        latitude,
        longitude,
        employer,
        contract_type,
        experience_required,
        salary_min,
        salary_max,
        salary_period,
        salary_currency,
        sector_code,
        sector_label,
        created_at,
        updated_at,
        url,
        is_digital_job,
        coalesce(duplicate_group, posting_id) as duplicate_group,
        first_seen_on,
        last_seen_on,  -- the last night its source returned it
        closed_on,  -- the night a complete crawl no longer returned it (null: still open)
        closed_on is null as is_open,
        loaded_at,  -- when this version was loaded (a new or changed posting); drives incremental models
    from source
)

select * from renamed
