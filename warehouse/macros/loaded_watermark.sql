{#- The watermark of an incremental model: the newest loaded_at of its rows (the epoch when it has none). -#}
{% macro watermark_of(relation) -%}
    (select coalesce(max(loaded_at), timestamp '1970-01-01') from {{ relation }})
{%- endmacro %}

{#- The watermark as a value, none on a full build. Read when the model compiles, before its pre-hook deletes the
    rows it is read from. -#}
{% macro loaded_watermark() %}
    {% if execute and is_incremental() %}
        {{ return(run_query("select " ~ watermark_of(this)).columns[0].values()[0]) }}
    {% endif %}
    {{ return(none) }}
{% endmacro %}
