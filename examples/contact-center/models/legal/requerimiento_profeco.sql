-- Entrega única de grabaciones a la PROFECO por un requerimiento; el stage aún no está declarado en el inventario.
-- One-off delivery of recordings for a PROFECO request; the EGR001 finding is suppressed with a written reason.
-- expected: clean
-- tutela: ignore[EGR001] requerimiento PROFECO oficio PFC/GDL/0412/2026 (art. 36 fr. I); alta del destinatario en trámite
COPY INTO @cc_dwh.legal.stage_requerimientos/profeco_0412/
FROM (
    SELECT
        g.id_grabacion,
        g.fecha_llamada,
        g.uri_audio
    FROM cc_dwh.calidad.grabaciones AS g
    WHERE g.id_cliente = 'C-00481516'
)
FILE_FORMAT = (TYPE = CSV);
