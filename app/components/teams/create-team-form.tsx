'use client';

import { useRouter } from 'next/navigation';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { createTeamInput, slugFromName } from '@/server/shared/schemas/team';
import { Button } from '@/app/components/ui/button';
import { FormError, TextField } from '@/app/components/ui/field';
import { errorMessage, fieldErrors, useTRPC, issuesByField } from '@/app/lib/trpc';

export function CreateTeamForm() {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const [name, setName] = useState('');
  const [slug, setSlug] = useState('');
  const [slugEdited, setSlugEdited] = useState(false);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const create = useMutation(trpc.team.create.mutationOptions());

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    const parsed = createTeamInput.safeParse({ name, slug });
    if (!parsed.success) {
      setErrors(issuesByField(parsed.error));
      return;
    }
    setErrors({});
    try {
      const team = await create.mutateAsync(parsed.data);
      await queryClient.invalidateQueries({ queryKey: trpc.team.list.queryKey() });
      router.push(`/t/${team.slug}`);
    } catch (error) {
      const perField = fieldErrors(error);
      setErrors(Object.keys(perField).length ? perField : { form: errorMessage(error) });
    }
  }

  return (
    <form onSubmit={onSubmit} className="space-y-4" noValidate>
      <FormError message={errors.form} />
      <TextField
        label="Team name"
        name="name"
        value={name}
        onChange={(e) => {
          setName(e.target.value);
          if (!slugEdited) setSlug(slugFromName(e.target.value));
        }}
        error={errors.name}
        required
      />
      <TextField
        label="Team URL"
        name="slug"
        value={slug}
        onChange={(e) => {
          setSlug(e.target.value);
          setSlugEdited(true);
        }}
        error={errors.slug}
        hint={slug ? `/t/${slug}` : 'Lowercase letters, digits and hyphens.'}
        required
      />
      <Button type="submit" pending={create.isPending}>
        Create team
      </Button>
    </form>
  );
}
