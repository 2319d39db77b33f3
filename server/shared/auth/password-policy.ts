/** Shared by the hashing code and the forms' inline validation. */
export const MIN_PASSWORD_LENGTH = 10;
