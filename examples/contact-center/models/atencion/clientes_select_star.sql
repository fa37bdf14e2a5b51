-- Extracción "rápida" de la ficha completa del cliente: SELECT * trae CURP, RFC, domicilio y el segmento de mercadotecnia sin necesidad.
-- Quick full customer extract; SELECT * reads every personal column.
-- expected: PUR002, MIN001
SELECT *
FROM cc_dwh.crm.clientes
WHERE empresa_cliente = 'TELCO_NORTE';
