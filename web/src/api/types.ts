// Shapes of the haoban server's JSON API (see docs of /api/v1).

export type AccountKind = 'person' | 'enterprise' | 'staff'

export type Role =
  | 'window_clerk'
  | 'approver'
  | 'helper'
  | 'kb_editor'
  | 'policy_admin'
  | 'analyst'
  | 'admin'

/** The three parts of the app; the server decides which ones a user may enter. */
export type Area = 'portal' | 'workbench' | 'cockpit'

export interface Department {
  id: string
  name: string
}

export interface Enterprise {
  credit_code: string
  name: string
}

export interface User {
  id: number
  username: string
  display_name: string
  kind: AccountKind
  roles: readonly Role[]
  role_labels: readonly string[]
  department: Department | null
  enterprise: Enterprise | null
  areas: readonly Area[]
}

export interface SessionCreated {
  token: string
  user: User
}

/** RFC 9457 problem details, as sent with `application/problem+json`. */
export interface Problem {
  type?: string
  title?: string
  status?: number
  detail?: string
  instance?: string
  [extension: string]: unknown
}
