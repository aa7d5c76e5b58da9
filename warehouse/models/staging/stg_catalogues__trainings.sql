-- One row per programme of the RNCP/RS, LHEO and ONISEP catalogues. Grain: training_id.
with source as (
    select * from {{ source('landing', 'trainings') }}
),

renamed as (
    select
        training_id,
        source,
        title,
        provider,
        certification,
        -- the certification it prepares (RNCP/RS code), else the programme itself: supply counts each once
        coalesce(certification, training_id) as certification_id,
        qualification_level,
        national_level,
        coalesce(rome_codes, []) as rome_codes,
        coalesce(nsf_codes, []) as nsf_codes,
        coalesce(formacodes, []) as formacodes,
        coalesce(certifiers, []) as certifiers,
        department,
        city,
        commune_code,
        session_start,
        session_end,
        nullif(status, '') as status,
        coalesce(replaces, []) as replaces,
        coalesce(replaced_by, []) as replaced_by,
        registered_on,
        registered_until,
        awarded_until,
        provider_siret,
        duration_hours,
        coalesce(modalities, []) as modalities,
        coalesce(funders, []) as funders,
        diploma,
        duration_label,
        url,
        is_active and closed_on is null as is_active,  -- a programme its catalogue no longer lists is not offered
        unit_count,
        first_seen_on,
        last_seen_on,
        closed_on,  -- the night a complete crawl of its catalogue no longer returned it
    from source
)

select * from renamed
