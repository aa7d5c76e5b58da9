{#- The 95 % Wilson score interval of a share k/n (z = 1.96): unlike k/n ± 1.96·se it stays within [0, 1] and
    is honest for small n and for shares near 0 or 1. Null when n is 0. docs/method.md, "Uncertainty". -#}
{% macro wilson_low(k, n) -%}
    case when ({{ n }}) > 0 then greatest(0.0,
        (({{ k }}) / ({{ n }}) + 1.9208 / ({{ n }})
         - 1.96 * sqrt((({{ k }}) / ({{ n }})) * (1 - ({{ k }}) / ({{ n }})) / ({{ n }}) + 0.9604 / (({{ n }}) * ({{ n }}))))
        / (1 + 3.8416 / ({{ n }}))) end
{%- endmacro %}

{% macro wilson_high(k, n) -%}
    case when ({{ n }}) > 0 then least(1.0,
        (({{ k }}) / ({{ n }}) + 1.9208 / ({{ n }})
         + 1.96 * sqrt((({{ k }}) / ({{ n }})) * (1 - ({{ k }}) / ({{ n }})) / ({{ n }}) + 0.9604 / (({{ n }}) * ({{ n }}))))
        / (1 + 3.8416 / ({{ n }}))) end
{%- endmacro %}
