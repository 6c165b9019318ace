import { useState } from 'react';
import { Button } from '../../components/button.tsx';
import { TextField } from '../../components/form-field.tsx';

/** The environment filter: typed, applied on Enter or Apply. */
export function EnvironmentFilter({
  value,
  onApply,
}: {
  value: string;
  onApply: (v: string) => void;
}) {
  const [text, setText] = useState(value);
  const [shown, setShown] = useState(value);
  if (shown !== value) {
    setShown(value);
    setText(value);
  }
  return (
    <form
      className="perf-env"
      aria-label="Environment filter"
      onSubmit={(e) => {
        e.preventDefault();
        onApply(text);
      }}
    >
      <TextField label="Environment" value={text} onChange={setText} placeholder="all" />
      <Button type="submit" size="sm">
        Apply
      </Button>
    </form>
  );
}
