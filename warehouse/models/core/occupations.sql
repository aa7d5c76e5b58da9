-- ROME 4.0 occupations (France Travail's job sheets, seeds/rome_occupations.csv) and whether each is a digital
-- occupation. Grain: rome_code.
-- Digital: flagged by France Travail as a job of the digital transition (transition_num = 'O') and either in
-- domain M18 "Systèmes d'information et de télécommunication" or listed in seeds/digital_occupations.csv
-- (design, web marketing, video games and IT support sheets of other domains, each with its reason).
select
    occupations.rome_code,
    occupations.label_fr,
    occupations.parent_rome_code,
    occupations.domain_code,
    occupations.domain_label_fr,
    occupations.transition_num = 'O' as is_digital_transition,
    occupations.transition_num = 'O'
        and (occupations.domain_code = 'M18' or listed.rome_code is not null) as is_digital,
    case
        when occupations.transition_num is distinct from 'O' then null
        when occupations.domain_code = 'M18' then 'domain M18 (information systems and telecommunications)'
        else listed.reason
    end as digital_reason,
from {{ ref('rome_occupations') }} as occupations
left join {{ ref('digital_occupations') }} as listed using (rome_code)
