-- Error: usa la cartera de cobranza para ofrecer productos a los deudores; la cartera no sirve a mercadotecnia.
-- Bad: the collections portfolio is reused for marketing, outside the purposes it was collected for.
-- expected: PUR002, CON001, EXC001, EXC002
SELECT
    id_deudor,
    nombre,
    telefono,
    saldo_vencido
FROM cc_dwh.cobranza.cartera
WHERE dias_mora BETWEEN 1 AND 30
    AND fecha_incumplimiento >= DATEADD(month, -72, CURRENT_DATE);
