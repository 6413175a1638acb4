import { createContext, useContext } from 'react';
import type { Operator } from '../api';

export const roleRank = { viewer: 0, editor: 1, approver: 2, admin: 3 } as const;
export const SessionContext = createContext<Operator | null>(null);
export function useOperator(): Operator {
  const op = useContext(SessionContext);
  if (!op) throw new Error('useOperator outside a signed-in console');
  return op;
}
export function can(op: Operator, role: keyof typeof roleRank): boolean { return roleRank[op.role] >= roleRank[role]; }
