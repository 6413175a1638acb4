/**
 * An operator's display name inside another domain's statement (who wrote an event, who sent an alert back):
 * a scalar subquery on the operators' primary key, so the caller's list stays one query and the operators
 * table stays auth's. `idColumn` is the SQL expression of the operator id (may be NULL: the name is then NULL).
 */
export const operatorNameSql = (idColumn: string) => `(SELECT o.name FROM operators o WHERE o.id = ${idColumn})`;
