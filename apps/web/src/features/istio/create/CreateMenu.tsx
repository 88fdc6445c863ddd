import { ISTIO_RESOURCES } from '@sextant/contracts';
import { useState } from 'react';
import { useNamespacePermissions, writeAccess } from '../../../api/permissions.ts';
import { useViewOnlyReason } from '../../../api/status.ts';
import { Link } from '../../../components/Link.tsx';
import { usePopover } from '../../../lib/usePopover.ts';
import { CREATE_GROUPS, KIND_PURPOSE } from './createKinds.ts';
import { istioCreateHref } from './createUrlState.ts';
import './CreateMenu.css';
import './create.css';

/**
 * "Create" on the Istio config list: a kind, and the namespace when the list shows several. Each
 * kind is a link to `/istio/new?namespace=…&kind=…`, so it can be opened in a new tab too.
 */
export function CreateMenu({ namespaces }: { namespaces: readonly string[] }) {
  const { open, setOpen, rootRef } = usePopover();
  const [chosen, setChosen] = useState<string | undefined>();
  const viewOnlyReason = useViewOnlyReason();
  const namespace = chosen !== undefined && namespaces.includes(chosen) ? chosen : namespaces[0];
  const permissions = useNamespacePermissions(namespace);
  if (namespace === undefined) return null;
  return (
    <div className="picker picker--right create-menu" ref={rootRef}>
      <button
        type="button"
        className="button button--primary create-menu__button"
        aria-haspopup="true"
        aria-expanded={open}
        onClick={() => setOpen((o) => !o)}
      >
        Create
        <svg viewBox="0 0 16 16" width="12" height="12" aria-hidden="true">
          <path d="M4 6l4 4 4-4" fill="none" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" />
        </svg>
      </button>
      {open && (
        <div className="popover create-menu__popover" role="group" aria-label="Create Istio config">
          {namespaces.length > 1 ? (
            <label className="field create-menu__namespace">
              <span>In namespace</span>
              <select value={namespace} onChange={(e) => setChosen(e.target.value)}>
                {namespaces.map((ns) => (
                  <option key={ns} value={ns}>
                    {ns}
                  </option>
                ))}
              </select>
            </label>
          ) : (
            <p className="create-menu__where">
              In namespace <strong>{namespace}</strong>
            </p>
          )}
          {viewOnlyReason !== undefined && (
            <p className="create-menu__where">View-only: you can draft an object, not create it.</p>
          )}
          {CREATE_GROUPS.map((group) => (
            <nav
              key={group.title}
              className="create-menu__group"
              aria-label={`Create ${group.title.toLowerCase()} config`}
            >
              <h2 className="checklist__legend">{group.title}</h2>
              <ul className="create-menu__list">
                {group.resources.map((resource) => {
                  const access = writeAccess(viewOnlyReason, permissions, resource, 'create');
                  const content = (
                    <>
                      <span className="create-menu__kind">{ISTIO_RESOURCES[resource].kind}</span>
                      <span className="create-menu__purpose">{KIND_PURPOSE[resource]}</span>
                    </>
                  );
                  return (
                    <li key={resource}>
                      {/* View-only still opens the editor to draft; RBAC's refusal is final for this user. */}
                      {access.allowed || access.viewOnly ? (
                        <Link
                          className="create-menu__item"
                          href={istioCreateHref({ namespace, resource })}
                          onClick={() => setOpen(false)}
                        >
                          {content}
                        </Link>
                      ) : (
                        <span
                          className="create-menu__item create-menu__item--denied"
                          role="link"
                          aria-disabled="true"
                          title={access.reason}
                        >
                          {content}
                        </span>
                      )}
                    </li>
                  );
                })}
              </ul>
            </nav>
          ))}
        </div>
      )}
    </div>
  );
}
