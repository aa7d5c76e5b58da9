{#- The analysis window (docs/method.md, "Time"): `window_months` calendar months ending with the month of
    `window_end` (the night's date), and the same number of months before it for trends. -#}
{% macro window_end_month() -%}
    cast(date_trunc('month', {% if var('window_end') %}date '{{ var("window_end") }}'{% else %}current_date{% endif %}) as date)
{%- endmacro %}

{% macro window_start_month() -%}
    cast({{ window_end_month() }} - interval ({{ var('window_months') - 1 }}) month as date)
{%- endmacro %}

{% macro previous_window_start_month() -%}
    cast({{ window_end_month() }} - interval ({{ 2 * var('window_months') - 1 }}) month as date)
{%- endmacro %}

{#- 'current', 'previous' or null for a month (a date truncated to its month). -#}
{% macro window_of(month) -%}
    case
        when {{ month }} between {{ window_start_month() }} and {{ window_end_month() }} then 'current'
        when {{ month }} >= {{ previous_window_start_month() }} and {{ month }} < {{ window_start_month() }} then 'previous'
    end
{%- endmacro %}
