/**
 * Passwords that top every leaked-password list (and obvious product-specific ones).
 * Rejected outright whatever their length; compared case-insensitively.
 */
export const commonPasswords = new Set(
  [
    "password", "password1", "password12", "password123", "password1234", "passw0rd", "p@ssw0rd", "p@ssword",
    "123456", "1234567", "12345678", "123456789", "1234567890", "12345678910", "0123456789", "987654321",
    "qwerty", "qwerty123", "qwertyuiop", "qwerty1234", "1q2w3e4r", "1q2w3e4r5t", "1qaz2wsx", "zaq12wsx",
    "abc123", "abcd1234", "abcdef123", "a1b2c3d4", "iloveyou", "iloveyou1", "letmein", "letmein123",
    "welcome", "welcome1", "welcome123", "monkey", "dragon", "football", "baseball", "superman",
    "sunshine", "princess", "starwars", "whatever", "trustno1", "shadow", "master", "michael",
    "admin", "admin123", "administrator", "root", "toor", "changeme", "changeme123", "default",
    "login", "secret", "secret123", "test", "test1234", "testing123", "guest", "hello123",
    "111111", "1111111111", "000000", "0000000000", "123123", "123123123", "654321", "666666",
    "121212", "112233", "11223344", "aaaaaa", "aaaaaaaaaa", "asdfghjkl", "asdf1234", "zxcvbnm",
    "zxcvbnm123", "q1w2e3r4t5", "computer", "internet", "freedom", "whatever1", "pokemon", "liverpool",
    "chelsea", "arsenal", "jordan23", "harley", "ranger", "hunter2", "buster", "soccer",
    "hockey", "killer", "charlie", "donald", "batman", "thomas", "jennifer", "jessica",
    "summer2024", "summer2025", "summer2026", "winter2025", "winter2026", "spring2026", "autumn2026", "company123",
    "hourbook", "hourbook1", "hourbook123", "timesheet", "timesheets", "timesheet1", "worktime123", "mypassword",
    "newpassword", "password!", "password1!", "qwerty!@#", "!qaz2wsx", "q1w2e3r4", "1234qwer", "qwer1234",
  ].map((p) => p.toLowerCase()),
);
