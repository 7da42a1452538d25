-- PL/pgSQL bodies are parsed too, and the SQL inside them gets the same checks, with positions in the body.
CREATE FUNCTION order_total(p_order_id bigint) RETURNS bigint
LANGUAGE plpgsql AS $$
DECLARE
    v_total bigint;
BEGIN
    SELECT total_cents INTO v_total FROM orders WHERE id = p_order_id;
    IF v_total = NULL THEN
        RAISE EXCEPTION 'order % not found', p_order_id;
    END IF;
    RETURN v_total;
END
$$;
