/** Who is calling: the authenticated user (the access guard's actor). */
export interface CaseActor {
  id: string;
  role: string;
  organizationId: string | null;
}
