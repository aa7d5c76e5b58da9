-- What each programme of the regional supply (core.supply_programmes) teaches and where its texts say so: one
-- row per programme, concept and unit (an RNCP bloc, an LHEO objectives or contents text) that names the concept, from its own units or from the blocs
-- of the RNCP fiche of the certification it prepares (docs/method.md). Grain: training_id, concept_id,
-- unit_training_id, unit_id. excerpt: the line of the unit's text holding the concept's first mention there (at most
-- excerpt_context_chars characters either side of it).
with programmes as (
    select training_id, certification_id from {{ ref('supply_programmes') }}
),

fiches as (
    select training_id as unit_training_id, certification_id from {{ ref('trainings') }} where source = 'rncp'
),

unit_owners as (
    select training_id, training_id as unit_training_id, 'programme' as taught_by from programmes
    union all
    select programmes.training_id, fiches.unit_training_id, 'certification' as taught_by
    from programmes
    inner join fiches using (certification_id)
    where fiches.unit_training_id <> programmes.training_id
),

first_mentions as (
    select
        training_id as unit_training_id,
        unit_id,
        concept_id,
        min(start_offset) as start_offset,
        arg_min(end_offset, start_offset) as end_offset,
        arg_min(surface, start_offset) as surface,
    from {{ ref('stg_extraction__training_mentions') }}
    group by training_id, unit_id, concept_id
),

lines as (
    select
        first_mentions.*,
        units.kind as unit_kind,
        units.label as unit_label,
        units.text,
        -- 0-based bounds of the line holding the mention
        case
            when strpos(reverse(substring(units.text, 1, first_mentions.start_offset)), chr(10)) = 0 then 0
            else first_mentions.start_offset - strpos(reverse(substring(units.text, 1, first_mentions.start_offset)), chr(10)) + 1
        end as line_start,
        case
            when strpos(substring(units.text, first_mentions.end_offset + 1), chr(10)) = 0 then length(units.text)
            else first_mentions.end_offset + strpos(substring(units.text, first_mentions.end_offset + 1), chr(10)) - 1
        end as line_end,
    from first_mentions
    inner join {{ source('landing', 'training_units') }} as units
        on units.training_id = first_mentions.unit_training_id and units.unit_id = first_mentions.unit_id
),

excerpts as (
    select
        *,
        greatest(line_start, start_offset - {{ var('excerpt_context_chars') }}) as excerpt_start,
        least(line_end, end_offset + {{ var('excerpt_context_chars') }}) as excerpt_end,
    from lines
)

select
    unit_owners.training_id,
    lines.concept_id,
    skills.level,
    skills.label_fr,
    skills.label_en,
    unit_owners.taught_by,
    lines.unit_training_id,
    lines.unit_id,
    lines.unit_kind,
    lines.unit_label,
    lines.surface,
    -- catalogue texts may carry HTML line breaks (LHEO): shown as a separator, never as markup
    regexp_replace(
        case when lines.excerpt_start > lines.line_start then '…' else '' end
        || substring(lines.text, lines.excerpt_start + 1, lines.excerpt_end - lines.excerpt_start)
        || case when lines.excerpt_end < lines.line_end then '…' else '' end,
        '\s*<br\s*/?>\s*', ' / ', 'gi') as excerpt,
from unit_owners
inner join excerpts as lines using (unit_training_id)
inner join {{ ref('skills') }} as skills using (concept_id)
order by unit_owners.training_id, skills.level desc, lines.concept_id, unit_owners.taught_by desc, lines.unit_id
