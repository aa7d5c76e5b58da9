-- The sessions of programmes, with whether each is current supply for the analysis window (macros/window.sql):
-- it runs within the window, or starts within it or later (a session the catalogue announces is offered now;
-- one that ended before the window is not). Grain: training_id, session_id.
select
    sessions.*,
    coalesce(geography.is_in_region, false) as is_regional,
    sessions.session_start is not null or sessions.session_end is not null as is_dated,
    coalesce(sessions.session_end, sessions.session_start) >= {{ window_start_month() }} as is_current,
from {{ ref('stg_catalogues__training_sessions') }} as sessions
left join {{ ref('geography') }} as geography on geography.department_code = sessions.department
