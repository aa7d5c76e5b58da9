-- One row per programme of the RNCP and LHEO catalogues. Grain: training_id.
with source as (
    select * from landing.trainings
),

renamed as (
    select
        training_id,
        source,
        title,
        provider,
        certification,
        qualification_level,
        department,
        city,
        url,
        is_active,
        unit_count,
        first_seen_on,
        last_seen_on,
    from source
)

select * from renamed
