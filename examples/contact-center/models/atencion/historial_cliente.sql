-- Historial de llamadas de un cliente para el agente que lo atiende (pantalla de CRM).
-- Customer call history shown to the agent on screen.
-- expected: clean
SELECT
    c.id_cliente,
    c.nombre,
    c.apellido_paterno,
    c.telefono,
    g.fecha_llamada,
    g.cola,
    g.duracion_segundos
FROM cc_dwh.crm.clientes AS c
JOIN cc_dwh.calidad.grabaciones AS g
    ON g.id_cliente = c.id_cliente
WHERE c.id_cliente = :id_cliente
    AND g.fecha_llamada >= DATEADD(month, -6, CURRENT_DATE)
    AND g.fecha_bloqueo IS NULL
ORDER BY g.fecha_llamada DESC;
