import { rebalanceWeights, weightsWithAdded, weightsWithRemoved, type DestinationForm } from '@sextant/mesh';
import { FieldError, NumberField, TextField } from './fields.tsx';

interface Props {
  /** The route's name in words ("HTTP route 1"), for the table's accessible name. */
  routeLabel: string;
  /** The route's dotted path (`spec.tcp[0]`): findings are looked up under it. */
  path: string;
  destinations: DestinationForm[];
  /** TCP routes pick the destination port here (HTTP routes rarely need it). */
  withPort?: boolean;
  problems: ReadonlyMap<string, string[]>;
  /** A key no item of the form uses yet, for an added destination. */
  freshKey: () => string;
  /** The host an added destination starts with when the route has none. */
  defaultHost: string;
  onChange: (destinations: DestinationForm[]) => void;
}

/**
 * The destinations of one HTTP or TCP route with their weights. Adding or removing a
 * destination and moving a slider keep the weights at 100; typing a number does not, so a typo
 * shows as the route's "weights sum to …" problem with a button to balance them.
 */
export function DestinationsTable(props: Props) {
  const { routeLabel, path, destinations, withPort = false, problems, onChange } = props;
  const weights = destinations.map((d) => d.weight ?? 0);
  const setDest = (k: number, d: DestinationForm) => onChange(destinations.map((x, j) => (j === k ? d : x)));
  const withWeights = (list: DestinationForm[], next: readonly (number | undefined)[]) =>
    list.map((d, j) => ({ ...d, weight: next[j] }));
  const slide = (k: number, value: number) =>
    onChange(withWeights(destinations, rebalanceWeights(weights, k, value)));
  const add = () => {
    const added: DestinationForm = {
      key: props.freshKey(),
      host: destinations[0]?.host ?? props.defaultHost,
    };
    const list = [...destinations, added];
    // A route's first destination takes all traffic without a weight.
    onChange(
      destinations.length === 0
        ? list
        : withWeights(list, weightsWithAdded(destinations.map((d) => d.weight))),
    );
  };
  const remove = (k: number) =>
    onChange(
      withWeights(
        destinations.filter((_, j) => j !== k),
        weightsWithRemoved(
          destinations.map((d) => d.weight),
          k,
        ),
      ),
    );
  const routeProblems = problems.get(`${path}.route`) ?? [];
  return (
    <>
      <table className="dest-table" aria-label={`Destinations of ${routeLabel}`}>
        <thead>
          <tr>
            <th scope="col">Host</th>
            <th scope="col">Subset</th>
            {withPort && <th scope="col">Port</th>}
            <th scope="col">Weight</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {destinations.map((d, k) => {
            const at = `${path}.route[${k}].destination`;
            const hostErr = (problems.get(`${at}.host`) ?? []).join('; ');
            const subsetErr = (problems.get(`${at}.subset`) ?? []).join('; ');
            return (
              <tr key={d.key}>
                <td>
                  <TextField
                    label={`Host of destination ${k + 1}`}
                    value={d.host}
                    error={hostErr || undefined}
                    onChange={(v) => setDest(k, { ...d, host: v ?? '' })}
                  />
                </td>
                <td>
                  <TextField
                    label={`Subset of destination ${k + 1}`}
                    value={d.subset}
                    error={subsetErr || undefined}
                    onChange={(v) => setDest(k, { ...d, subset: v })}
                  />
                </td>
                {withPort && (
                  <td>
                    <NumberField
                      label={`Port of destination ${k + 1}`}
                      value={d.port}
                      min={1}
                      max={65535}
                      onChange={(v) => setDest(k, { ...d, port: v })}
                    />
                  </td>
                )}
                <td className="dest-table__weight">
                  <input
                    type="range"
                    min={0}
                    max={100}
                    value={d.weight ?? 0}
                    aria-label={`Weight slider of destination ${k + 1}`}
                    onChange={(e) => slide(k, Number(e.target.value))}
                  />
                  <NumberField
                    label={`Weight of destination ${k + 1}`}
                    value={d.weight}
                    min={0}
                    max={100}
                    onChange={(v) => setDest(k, { ...d, weight: v })}
                  />
                </td>
                <td>
                  <button
                    type="button"
                    className="button button--small"
                    aria-label={`Remove destination ${k + 1}`}
                    onClick={() => remove(k)}
                  >
                    Remove
                  </button>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {routeProblems.map((m) => (
        <FieldError key={m}>{m}</FieldError>
      ))}
      <div className="form__row">
        <button type="button" className="button button--small" onClick={add}>
          Add destination
        </button>
        {routeProblems.length > 0 && weights.length > 0 && (
          <button type="button" className="button button--small" onClick={() => slide(0, weights[0] ?? 0)}>
            Balance weights to 100
          </button>
        )}
      </div>
    </>
  );
}
