import React from 'react';

/**
 * The accessible name of a Combobox outside a Field: Combobox takes `aria-labelledby`, not
 * `aria-label`, and a hidden element still names what points at it.
 */
export function HiddenLabel({ id, children }: { id: string; children: string }) {
  return (
    <span id={id} hidden>
      {children}
    </span>
  );
}
