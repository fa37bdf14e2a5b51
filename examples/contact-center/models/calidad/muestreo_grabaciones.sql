-- Muestra aleatoria de llamadas para evaluar; el teléfono se entrega como huella SHA-256.
-- Random sample of calls to score; the caller's phone is only shown hashed.
-- expected: clean
SELECT
    g.id_grabacion,
    g.num_empleado,
    g.cola,
    SHA2(g.telefono_origen, 256) AS telefono_hash,
    g.uri_audio
FROM cc_dwh.calidad.grabaciones AS g
WHERE g.fecha_llamada >= DATEADD(month, -6, CURRENT_DATE)
    AND g.fecha_bloqueo IS NULL
    AND (g.cola <> 'pagos' OR g.pausa_pago_aplicada = TRUE)
QUALIFY ROW_NUMBER() OVER (PARTITION BY g.num_empleado ORDER BY RANDOM()) <= 5;
