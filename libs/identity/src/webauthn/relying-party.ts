/** Who passkeys are registered with: the RP id they are bound to, its name, and the origin browsers sign. */
export interface RelyingParty {
  id: string;
  name: string;
  origin: string;
}
