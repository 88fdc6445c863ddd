import type { IstioObjectJson } from '@sextant/contracts';
import {
  destinationRuleToForm,
  formToDestinationRule,
  formToVirtualService,
  virtualServiceToForm,
} from '@sextant/mesh';
import { DestinationRuleFormView } from './DestinationRuleFormView.tsx';
import { UnsavedFieldContext, type useUnsavedFieldProblems } from './unsavedFieldProblems.ts';
import { VirtualServiceFormView } from './VirtualServiceFormView.tsx';
import { YamlEditor } from './YamlEditor.tsx';
import type { EditorProblem, LiveCheckState } from './yamlProblems.ts';
import './ObjectViews.css';
import './DestinationRuleForm.css';

export type EditorView = 'form' | 'yaml';

/** Kinds with a form view; every kind has the YAML view. */
export const hasFormView = (kind: string): boolean => kind === 'VirtualService' || kind === 'DestinationRule';

/**
 * The Form / YAML tabs over one object's text. The text is the single source of truth: the form
 * is read from `edited` (its parse) and writes back through the mesh mapping onto that same
 * object, so switching views never loses a field the form does not model.
 */
export function ObjectViews(props: {
  namespace: string;
  kind: string;
  view: EditorView;
  onView: (view: EditorView) => void;
  text: string;
  onText: (text: string) => void;
  /** The parse of `text`; undefined while it has syntax errors (then only the YAML view works). */
  edited: IstioObjectJson | undefined;
  onObject: (object: IstioObjectJson) => void;
  /** Messages by path, shown at the form's fields. */
  fieldProblems: ReadonlyMap<string, string[]>;
  yamlProblems: readonly EditorProblem[];
  check: LiveCheckState;
  reportUnsaved: ReturnType<typeof useUnsavedFieldProblems>['report'];
  /** The user may read but not write: the text and every form control are locked. */
  readOnly?: boolean;
}) {
  const { namespace, view, edited, fieldProblems: problems } = props;
  return (
    <>
      <div className="tabs" role="tablist" aria-label="Editor view">
        {hasFormView(props.kind) && (
          <button
            type="button"
            role="tab"
            aria-selected={view === 'form'}
            className="tabs__tab"
            disabled={!edited}
            title={edited ? undefined : 'Fix the YAML syntax errors to use the form'}
            onClick={() => props.onView('form')}
          >
            Form
          </button>
        )}
        <button
          type="button"
          role="tab"
          aria-selected={view === 'yaml'}
          className="tabs__tab"
          onClick={() => props.onView('yaml')}
        >
          YAML
        </button>
      </div>

      <div className="editor__body" role="tabpanel">
        <UnsavedFieldContext.Provider value={props.reportUnsaved}>
          {/* A disabled fieldset disables every control of the forms at once, buttons included. */}
          <fieldset className="editor__lock" disabled={props.readOnly}>
            {view === 'form' && edited && edited.kind === 'VirtualService' && (
              <VirtualServiceFormView
                form={virtualServiceToForm(edited)}
                problems={problems}
                onChange={(form) => props.onObject(formToVirtualService(form, edited))}
              />
            )}
            {view === 'form' && edited && edited.kind === 'DestinationRule' && (
              <DestinationRuleFormView
                namespace={namespace}
                form={destinationRuleToForm(edited)}
                problems={problems}
                onChange={(form) => props.onObject(formToDestinationRule(form, edited))}
              />
            )}
            {(view === 'yaml' || !edited || !hasFormView(edited.kind)) && (
              <YamlEditor
                value={props.text}
                onChange={props.onText}
                problems={props.yamlProblems}
                check={props.check}
                readOnly={props.readOnly}
              />
            )}
          </fieldset>
        </UnsavedFieldContext.Provider>
      </div>
    </>
  );
}
